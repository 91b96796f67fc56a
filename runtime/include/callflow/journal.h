// The answer journal: an append-only file of the answers given to a
// Session, so that a call survives the death of the program running it.
// The interpreter is deterministic, so replaying the answers in order
// rebuilds exactly the state the call had.
//
// File format (little-endian; docs/flowrun.md has the long form):
//
//   header   "CFJL"  u16 version (1)  u16 flags (0)
//            u32 CRC32 of the program's bytecode file  u32 its size
//   records  u32 length  u32 sequence  length bytes of payload
//            u32 CRC32 of (length, sequence, payload)
//
// Sequence numbers count from 0 with no gaps. A reader keeps the longest
// prefix of whole, intact, in-sequence records: a torn or corrupt tail is
// reported and dropped, never half applied.
//
// A payload is one answer: u8 kind, then varints and bytes by kind (see
// JournalAnswer::encode). Standard library and POSIX only.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "callflow/session.h"

namespace callflow {

inline constexpr uint8_t kJournalMagic[4] = {'C', 'F', 'J', 'L'};
inline constexpr uint16_t kJournalVersion = 1;
inline constexpr uint32_t kJournalHeaderSize = 16;
inline constexpr uint32_t kJournalRecordOverhead = 12; // length, sequence, CRC
inline constexpr uint32_t kJournalMaxPayload = 1u << 20;

/// One answer as journaled: what the host did to the session.
struct JournalAnswer {
  enum class Kind : uint8_t {
    Choose = 'c',      // choose(index)
    Provide = 'p',     // provide(text)
    Acknowledge = 'a', // acknowledge()
    Skip = 's',        // skip()
    Accept = 'y',      // acceptPayment()
    Decline = 'n',     // declinePayment()
    Supply = 'v',      // supply(index = slot, text)
    /// withhold(index = slot): an answer to a waiting Input or Do that set
    /// a `sensitive` slot, kept without its value (journaled() makes it);
    /// replayed, the slot is left unset and the session asks for it again
    /// where it is read.
    Withheld = 'w',
    WithheldSupply = 'W', // the same for supply(index = slot, text)
    /// The clock the host gave the call (SessionOptions::today and ::now),
    /// as text `YYYY-MM-DD HH:MM` (`-` for a part not given): the first
    /// record of a call whose flow reads `today` or `now`, so a replay sees
    /// the same date and time. Not an answer: applyTo() refuses it; a host
    /// reads it before it makes the session (clockOptions()).
    Clock = 't',
  };
  Kind kind = Kind::Acknowledge;
  uint32_t index = 0;  // Choose: option; Supply: slot
  std::string text;    // Provide, Supply
  uint32_t origin = 0; // where the host got it (flowrun: the answers-file line; 0 none)

  std::vector<uint8_t> encode() const;
  /// The size of encode()'s payload, without building it.
  size_t encodedSize() const;
  /// A journal record holds it (encodedSize() <= kJournalMaxPayload): check
  /// before giving the answer to the session, so that an accepted answer is
  /// never one the journal cannot keep.
  bool fitsJournal() const { return encodedSize() <= kJournalMaxPayload; }
  /// False when `payload` is not a well-formed answer.
  static bool decode(std::span<const uint8_t> payload, JournalAnswer &out);
  /// Gives the answer to `session` (choose, provide, ...).
  Answer applyTo(Session &session) const;
  /// What the journal keeps of this answer, given to the waiting event
  /// `answered`: the answer itself, or a Withheld record (no value, no
  /// length) when it sets a sensitive slot (an Input's or a Do's value, a
  /// choice of a sensitive enum, a supply). A journal never holds a
  /// sensitive value.
  JournalAnswer journaled(const Event &answered, const Program &program) const;
  friend bool operator==(const JournalAnswer &, const JournalAnswer &) = default;
  /// A Clock record of `options`' today and now.
  static JournalAnswer clock(const SessionOptions &options);
  /// A Clock record's values into `options`; false when its text is not
  /// `YYYY-MM-DD HH:MM` (either part may be `-`).
  bool clockOptions(SessionOptions &options) const;
};

/// The header's binding to a program: a journal is only replayed against
/// the program it was written for.
struct JournalProgramId {
  uint32_t crc = 0;  // the bytecode file's CRC32 (its last four bytes)
  uint32_t size = 0; // the bytecode file's size
  static JournalProgramId of(std::span<const uint8_t> bytecode);
  friend bool operator==(JournalProgramId, JournalProgramId) = default;
};

/// One record's payload and sequence number.
struct JournalRecord {
  uint32_t sequence = 0;
  std::vector<uint8_t> payload;
};

/// What a read found.
struct JournalContents {
  bool headerOk = false;
  std::string error;            // header problem (then nothing else is valid)
  JournalProgramId program;
  std::vector<JournalRecord> records; // the intact prefix, in order
  uint64_t validBytes = 0;      // header + the intact records
  uint64_t totalBytes = 0;
  std::string tailProblem;      // empty when the file ends cleanly after the last record
};

/// Parses a journal held in memory (the whole file).
JournalContents parseJournal(std::span<const uint8_t> bytes);
/// Reads and parses a journal file. A missing or unreadable file is a
/// header error.
JournalContents readJournal(const std::string &path);

/// Appends records durably: each append() writes the whole record with one
/// write() and returns only after fdatasync() succeeded. While a writer has
/// a journal open it holds an exclusive flock() on it: a second writer (a
/// second flowrun on the same file) is refused instead of interleaving.
class JournalWriter {
public:
  JournalWriter() = default;
  ~JournalWriter();
  JournalWriter(const JournalWriter &) = delete;
  JournalWriter &operator=(const JournalWriter &) = delete;

  enum class Existing { Refuse, Replace };
  /// Creates `path` and writes the header. An existing file is refused
  /// (the journal of another call is never lost by accident) unless
  /// `existing` is Replace. Empty on success, else why not.
  std::string create(const std::string &path, JournalProgramId program,
                     Existing existing = Existing::Refuse);
  /// Opens an existing journal to continue it, locks it, and reads it into
  /// `contents` (whose header may still be bad: check headerOk).
  std::string open(const std::string &path, JournalContents &contents);
  /// After open(): truncates the journal to `validBytes` (dropping a torn
  /// tail) and appends after record `nextSequence - 1`.
  std::string keep(uint64_t validBytes, uint32_t nextSequence);
  /// What the last failed create() or open() ran into.
  enum class Failure { None, Exists, Locked, Io };
  Failure failure() const { return failure_; }
  /// Writes one record and syncs it to disk. Empty on success.
  std::string append(std::span<const uint8_t> payload);
  std::string append(const JournalAnswer &answer) { return append(answer.encode()); }
  /// Testing: writes only the first `bytes` bytes of the record `payload`
  /// would make, without syncing (a torn write).
  std::string appendTorn(std::span<const uint8_t> payload, size_t bytes);
  uint32_t nextSequence() const { return next_; }
  bool isOpen() const { return fd_ >= 0; }
  void close();

private:
  std::string writeAll(const uint8_t *data, size_t n);
  int fd_ = -1;
  uint32_t next_ = 0;
  std::string path_; // open(): for keep()'s messages
  Failure failure_ = Failure::None;
};

/// The record bytes for one payload (length, sequence, payload, CRC).
std::vector<uint8_t> journalRecordBytes(uint32_t sequence, std::span<const uint8_t> payload);
/// The 16 header bytes.
std::vector<uint8_t> journalHeaderBytes(JournalProgramId program);

} // namespace callflow
