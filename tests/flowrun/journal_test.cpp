// The answer journal: answers encode and decode; a journal cut at every byte
// keeps exactly the records written whole; a flipped bit drops the damaged
// record and everything after it; the writer appends, and reopening drops a
// torn tail before appending again.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include <gtest/gtest.h>

#include "callflow/journal.h"

namespace callflow {
namespace {

std::vector<JournalAnswer> someAnswers() {
  std::vector<JournalAnswer> v;
  JournalAnswer a;
  a.kind = JournalAnswer::Kind::Supply, a.index = 0, a.text = "Sam", a.origin = 11;
  v.push_back(a);
  a = {};
  a.kind = JournalAnswer::Kind::Choose, a.index = 0, a.origin = 12;
  v.push_back(a);
  a = {};
  a.kind = JournalAnswer::Kind::Provide, a.text = "Проверка ✓ \"quoted\"\n", a.origin = 13;
  v.push_back(a);
  a = {};
  a.kind = JournalAnswer::Kind::Acknowledge;
  v.push_back(a);
  a = {};
  a.kind = JournalAnswer::Kind::Skip;
  v.push_back(a);
  a = {};
  a.kind = JournalAnswer::Kind::Accept, a.origin = 300;
  v.push_back(a);
  a = {};
  a.kind = JournalAnswer::Kind::Decline;
  v.push_back(a);
  return v;
}

std::vector<uint8_t> buildJournal(const std::vector<JournalAnswer> &answers, std::vector<size_t> &ends) {
  std::vector<uint8_t> bytes = journalHeaderBytes({0x12345678, 999});
  ends.clear();
  for (size_t i = 0; i < answers.size(); ++i) {
    std::vector<uint8_t> rec = journalRecordBytes(uint32_t(i), answers[i].encode());
    bytes.insert(bytes.end(), rec.begin(), rec.end());
    ends.push_back(bytes.size());
  }
  return bytes;
}

TEST(Journal, AnswersRoundTrip) {
  for (const JournalAnswer &a : someAnswers()) {
    JournalAnswer b;
    ASSERT_TRUE(JournalAnswer::decode(a.encode(), b));
    EXPECT_EQ(a, b);
  }
  JournalAnswer out;
  std::vector<uint8_t> bad = {uint8_t('?'), 0};
  EXPECT_FALSE(JournalAnswer::decode(bad, out));
  std::vector<uint8_t> trailing = someAnswers()[1].encode();
  trailing.push_back(0);
  EXPECT_FALSE(JournalAnswer::decode(trailing, out));
  std::vector<uint8_t> shortText = someAnswers()[2].encode();
  shortText.pop_back();
  EXPECT_FALSE(JournalAnswer::decode(shortText, out));
}

TEST(Journal, TruncatedAtEveryByteKeepsExactlyTheWholeRecords) {
  const std::vector<JournalAnswer> answers = someAnswers();
  std::vector<size_t> ends;
  const std::vector<uint8_t> bytes = buildJournal(answers, ends);
  for (size_t len = 0; len <= bytes.size(); ++len) {
    JournalContents c = parseJournal(std::span(bytes.data(), len));
    if (len < kJournalHeaderSize) {
      EXPECT_FALSE(c.headerOk) << len;
      continue;
    }
    ASSERT_TRUE(c.headerOk) << len;
    EXPECT_EQ(c.program.crc, 0x12345678u);
    size_t whole = 0;
    while (whole < ends.size() && ends[whole] <= len) ++whole;
    ASSERT_EQ(c.records.size(), whole) << "cut at " << len;
    for (size_t i = 0; i < whole; ++i) {
      JournalAnswer a;
      ASSERT_TRUE(JournalAnswer::decode(c.records[i].payload, a));
      EXPECT_EQ(a, answers[i]);
    }
    const size_t boundary = whole == 0 ? kJournalHeaderSize : ends[whole - 1];
    EXPECT_EQ(c.validBytes, boundary);
    EXPECT_EQ(c.tailProblem.empty(), len == boundary) << "cut at " << len << ": " << c.tailProblem;
  }
}

TEST(Journal, FlippedBitDropsTheRecordAndTheRest) {
  const std::vector<JournalAnswer> answers = someAnswers();
  std::vector<size_t> ends;
  const std::vector<uint8_t> bytes = buildJournal(answers, ends);
  for (size_t at = kJournalHeaderSize; at < bytes.size(); ++at)
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> b = bytes;
      b[at] ^= uint8_t(1u << bit);
      JournalContents c = parseJournal(b);
      size_t damaged = 0;
      while (ends[damaged] <= at) ++damaged;
      ASSERT_EQ(c.records.size(), damaged) << "byte " << at << " bit " << bit;
      EXPECT_FALSE(c.tailProblem.empty());
    }
  std::vector<uint8_t> badMagic = bytes;
  badMagic[0] = 'X';
  EXPECT_FALSE(parseJournal(badMagic).headerOk);
}

TEST(Journal, OutOfSequenceRecordIsDropped) {
  std::vector<uint8_t> bytes = journalHeaderBytes({1, 2});
  auto add = [&](uint32_t seq) {
    std::vector<uint8_t> r = journalRecordBytes(seq, someAnswers()[1].encode());
    bytes.insert(bytes.end(), r.begin(), r.end());
  };
  add(0);
  add(1);
  add(5); // a stale record from an older run
  JournalContents c = parseJournal(bytes);
  EXPECT_EQ(c.records.size(), 2u);
  EXPECT_NE(c.tailProblem.find("out of sequence"), std::string::npos);
}

TEST(Journal, WriterAppendsAndReopenDropsTornTail) {
  char name[] = "/tmp/callflow-journal-XXXXXX";
  int fd = mkstemp(name);
  ASSERT_GE(fd, 0);
  ::close(fd);
  const std::string path = name;
  const std::vector<JournalAnswer> answers = someAnswers();
  {
    JournalWriter w;
    // mkstemp made the file: creating over it is refused unless replacing.
    EXPECT_NE(w.create(path, {7, 8}).find("already exists"), std::string::npos);
    ASSERT_EQ(w.create(path, {7, 8}, JournalWriter::Existing::Replace), "");
    ASSERT_EQ(w.append(answers[0]), "");
    ASSERT_EQ(w.append(answers[1]), "");
    ASSERT_EQ(w.appendTorn(answers[2].encode(), 5), "");
  }
  JournalContents c = readJournal(path);
  ASSERT_TRUE(c.headerOk) << c.error;
  EXPECT_EQ(c.program, (JournalProgramId{7, 8}));
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_FALSE(c.tailProblem.empty());
  {
    JournalWriter w;
    JournalContents read;
    ASSERT_EQ(w.open(path, read), "");
    EXPECT_EQ(read.records.size(), c.records.size());
    EXPECT_EQ(read.validBytes, c.validBytes);
    ASSERT_EQ(w.keep(c.validBytes, uint32_t(c.records.size())), "");
    ASSERT_EQ(w.append(answers[2]), "");
  }
  c = readJournal(path);
  ASSERT_EQ(c.records.size(), 3u);
  EXPECT_TRUE(c.tailProblem.empty()) << c.tailProblem;
  JournalAnswer a;
  ASSERT_TRUE(JournalAnswer::decode(c.records[2].payload, a));
  EXPECT_EQ(a, answers[2]);
  std::remove(path.c_str());
  EXPECT_FALSE(readJournal(path).headerOk);
}

TEST(Journal, OneWriterAtATime) {
  char dir[] = "/tmp/callflow-journal-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/call.journal";
  {
    JournalWriter first;
    ASSERT_EQ(first.create(path, {1, 2}), "");
    ASSERT_EQ(first.append(someAnswers()[0]), "");
    // Neither a second create (even replacing) nor a resume may write it now.
    JournalWriter second;
    EXPECT_NE(second.create(path, {1, 2}, JournalWriter::Existing::Replace).find("in use by another process"),
              std::string::npos);
    JournalContents c;
    EXPECT_EQ(second.failure(), JournalWriter::Failure::Locked);
    EXPECT_NE(second.open(path, c).find("in use by another process"), std::string::npos);
    EXPECT_EQ(second.failure(), JournalWriter::Failure::Locked);
    EXPECT_FALSE(second.isOpen());
    EXPECT_NE(second.create(path, {1, 2}).find("already exists"), std::string::npos);
    EXPECT_EQ(second.failure(), JournalWriter::Failure::Exists);
    // The refused replace did not empty the file.
    EXPECT_EQ(readJournal(path).records.size(), 1u);
  }
  // Closed: the lock is gone.
  JournalWriter again;
  JournalContents c;
  ASSERT_EQ(again.open(path, c), "");
  EXPECT_EQ(c.records.size(), 1u);
  again.close();
  std::remove(path.c_str());
  ::rmdir(dir);
}

TEST(Journal, EncodedSizeAndTheRecordLimit) {
  for (const JournalAnswer &a : someAnswers()) EXPECT_EQ(a.encodedSize(), a.encode().size());
  JournalAnswer big;
  big.kind = JournalAnswer::Kind::Provide;
  big.origin = 300;
  big.text.assign(kJournalMaxPayload - 6, 'x'); // kind (1), origin (2), length (3)
  EXPECT_EQ(big.encodedSize(), kJournalMaxPayload);
  EXPECT_TRUE(big.fitsJournal());
  big.text += 'x';
  EXPECT_FALSE(big.fitsJournal());
}

} // namespace
} // namespace callflow
