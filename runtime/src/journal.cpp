// The answer journal: encoding of answers, the durable appender (write +
// fdatasync) and the reader that keeps the intact prefix of a journal.
#include "callflow/journal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "callflow/bytecode.h"

namespace callflow {

namespace {

void putU16(std::vector<uint8_t> &out, uint16_t v) {
  out.push_back(uint8_t(v));
  out.push_back(uint8_t(v >> 8));
}
void putU32(std::vector<uint8_t> &out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
std::string sysError(const char *what, const std::string &path) {
  return std::string(what) + " '" + path + "': " + std::strerror(errno);
}

} // namespace

// ---- answers ----------------------------------------------------------------

std::vector<uint8_t> JournalAnswer::encode() const {
  std::vector<uint8_t> out;
  out.push_back(uint8_t(kind));
  bc::writeVarint(out, origin);
  if (kind == Kind::Choose || kind == Kind::Supply || kind == Kind::Withheld || kind == Kind::WithheldSupply) bc::writeVarint(out, index);
  if (kind == Kind::Provide || kind == Kind::Supply || kind == Kind::Clock) {
    bc::writeVarint(out, text.size());
    out.insert(out.end(), text.begin(), text.end());
  }
  return out;
}

size_t JournalAnswer::encodedSize() const {
  size_t n = 1 + bc::varintSize(origin);
  if (kind == Kind::Choose || kind == Kind::Supply || kind == Kind::Withheld || kind == Kind::WithheldSupply) n += bc::varintSize(index);
  if (kind == Kind::Provide || kind == Kind::Supply || kind == Kind::Clock) n += bc::varintSize(text.size()) + text.size();
  return n;
}

bool JournalAnswer::decode(std::span<const uint8_t> payload, JournalAnswer &out) {
  if (payload.empty()) return false;
  const uint8_t *p = payload.data() + 1, *end = payload.data() + payload.size();
  out = JournalAnswer{};
  switch (Kind(payload[0])) {
  case Kind::Choose: case Kind::Provide: case Kind::Acknowledge: case Kind::Skip:
  case Kind::Accept: case Kind::Decline: case Kind::Supply: case Kind::Withheld:
  case Kind::WithheldSupply: case Kind::Clock: break;
  default: return false;
  }
  out.kind = Kind(payload[0]);
  uint64_t v;
  if (!bc::readVarint(p, end, v) || v > UINT32_MAX) return false;
  out.origin = uint32_t(v);
  if (out.kind == Kind::Choose || out.kind == Kind::Supply || out.kind == Kind::Withheld ||
      out.kind == Kind::WithheldSupply) {
    if (!bc::readVarint(p, end, v) || v > UINT32_MAX) return false;
    out.index = uint32_t(v);
  }
  if (out.kind == Kind::Provide || out.kind == Kind::Supply || out.kind == Kind::Clock) {
    if (!bc::readVarint(p, end, v) || v > uint64_t(end - p)) return false;
    out.text.assign(reinterpret_cast<const char *>(p), size_t(v));
    p += v;
  }
  return p == end;
}

Answer JournalAnswer::applyTo(Session &s) const {
  switch (kind) {
  case Kind::Choose: return s.choose(index);
  case Kind::Provide: return s.provide(text);
  case Kind::Acknowledge: return s.acknowledge();
  case Kind::Skip: return s.skip();
  case Kind::Accept: return s.acceptPayment();
  case Kind::Decline: return s.declinePayment();
  case Kind::Supply: return s.supply(index, text);
  case Kind::Withheld: return s.withhold(index);
  case Kind::WithheldSupply: return s.withhold(index, true);
  case Kind::Clock: return Answer{"the clock is given when the call starts, not as an answer"};
  }
  return Answer{"unknown answer kind"};
}

JournalAnswer JournalAnswer::clock(const SessionOptions &o) {
  JournalAnswer a;
  a.kind = Kind::Clock;
  a.text = (o.today ? formatIsoDate(*o.today) : std::string("-")) + " " + (o.now ? formatTime(*o.now) : std::string("-"));
  return a;
}

bool JournalAnswer::clockOptions(SessionOptions &o) const {
  if (kind != Kind::Clock) return false;
  const size_t sp = text.find(' ');
  if (sp == std::string::npos) return false;
  const std::string_view day = std::string_view(text).substr(0, sp), time = std::string_view(text).substr(sp + 1);
  std::optional<int64_t> d, t;
  if (day != "-" && !(d = parseIsoDate(day))) return false;
  if (time != "-" && !(t = parseTime(time))) return false;
  o.today = d;
  o.now = t;
  return true;
}

JournalAnswer JournalAnswer::journaled(const Event &answered, const Program &program) const {
  uint32_t slot = kNone;
  if (kind == Kind::Supply) slot = index;
  else if ((kind == Kind::Provide || kind == Kind::Choose) && answered.waiting &&
           (answered.kind == EventKind::Input || answered.kind == EventKind::Do))
    slot = answered.slot;
  if (slot >= program.slots().size() || !program.slots()[slot].isSensitive()) return *this;
  JournalAnswer w;
  w.kind = kind == Kind::Supply ? Kind::WithheldSupply : Kind::Withheld;
  w.index = slot;
  w.origin = origin;
  return w;
}

JournalProgramId JournalProgramId::of(std::span<const uint8_t> bytecode) {
  JournalProgramId id;
  id.size = uint32_t(bytecode.size());
  id.crc = bc::crc32(bytecode.data(), bytecode.size());
  return id;
}

// ---- bytes ------------------------------------------------------------------

std::vector<uint8_t> journalHeaderBytes(JournalProgramId program) {
  std::vector<uint8_t> out(kJournalMagic, kJournalMagic + 4);
  putU16(out, kJournalVersion);
  putU16(out, 0);
  putU32(out, program.crc);
  putU32(out, program.size);
  return out;
}

std::vector<uint8_t> journalRecordBytes(uint32_t sequence, std::span<const uint8_t> payload) {
  std::vector<uint8_t> out;
  out.reserve(payload.size() + kJournalRecordOverhead);
  putU32(out, uint32_t(payload.size()));
  putU32(out, sequence);
  out.insert(out.end(), payload.begin(), payload.end());
  putU32(out, bc::crc32(out.data(), out.size()));
  return out;
}

// ---- reading ----------------------------------------------------------------

JournalContents parseJournal(std::span<const uint8_t> bytes) {
  JournalContents c;
  c.totalBytes = bytes.size();
  if (bytes.size() < kJournalHeaderSize) {
    c.error = "the journal is shorter than its " + std::to_string(kJournalHeaderSize) + "-byte header";
    return c;
  }
  const uint8_t *b = bytes.data();
  if (std::memcmp(b, kJournalMagic, 4) != 0) {
    c.error = "not a callflow journal (bad magic)";
    return c;
  }
  if (bc::readU16(b + 4) != kJournalVersion) {
    c.error = "journal version " + std::to_string(bc::readU16(b + 4)) + " is not supported";
    return c;
  }
  if (bc::readU16(b + 6) != 0) {
    c.error = "unknown journal flags";
    return c;
  }
  c.headerOk = true;
  c.program.crc = bc::readU32(b + 8);
  c.program.size = bc::readU32(b + 12);
  uint64_t at = kJournalHeaderSize;
  c.validBytes = at;
  while (at < bytes.size()) {
    const uint64_t left = bytes.size() - at;
    const std::string where = "record " + std::to_string(c.records.size()) + " at byte " + std::to_string(at);
    if (left < kJournalRecordOverhead) {
      c.tailProblem = where + ": torn (" + std::to_string(left) + " bytes of a record header)";
      break;
    }
    const uint32_t len = bc::readU32(b + at), seq = bc::readU32(b + at + 4);
    if (len > kJournalMaxPayload) {
      c.tailProblem = where + ": corrupt (length " + std::to_string(len) + ")";
      break;
    }
    if (left < uint64_t(len) + kJournalRecordOverhead) {
      c.tailProblem = where + ": torn (" + std::to_string(left) + " of " +
                      std::to_string(len + kJournalRecordOverhead) + " bytes)";
      break;
    }
    const uint32_t crc = bc::readU32(b + at + 8 + len);
    if (crc != bc::crc32(b + at, 8 + size_t(len))) {
      c.tailProblem = where + ": corrupt (CRC mismatch)";
      break;
    }
    if (seq != c.records.size()) {
      c.tailProblem = where + ": out of sequence (" + std::to_string(seq) + ")";
      break;
    }
    c.records.push_back(JournalRecord{seq, std::vector<uint8_t>(b + at + 8, b + at + 8 + len)});
    at += uint64_t(len) + kJournalRecordOverhead;
    c.validBytes = at;
  }
  return c;
}

namespace {
/// Reads the whole file open at `fd` from its start. Empty on success.
std::string readAll(int fd, const std::string &path, std::vector<uint8_t> &bytes) {
  uint8_t buf[65536];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sysError("cannot read journal", path);
    if (n == 0) return {};
    bytes.insert(bytes.end(), buf, buf + n);
    at += n;
  }
}
} // namespace

JournalContents readJournal(const std::string &path) {
  JournalContents c;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    c.error = sysError("cannot open journal", path);
    return c;
  }
  std::vector<uint8_t> bytes;
  std::string e = readAll(fd, path, bytes);
  ::close(fd);
  if (!e.empty()) {
    c.error = std::move(e);
    return c;
  }
  return parseJournal(bytes);
}

// ---- writing ----------------------------------------------------------------

JournalWriter::~JournalWriter() { close(); }

void JournalWriter::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string JournalWriter::writeAll(const uint8_t *data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd_, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return std::string("journal write failed: ") + std::strerror(errno);
    data += w;
    n -= size_t(w);
  }
  return {};
}

namespace {
/// Takes the writer's lock on an open journal. Empty on success.
/// `busy` tells a lock held by another writer from an I/O error.
std::string lock(int fd, const std::string &path, bool &busy) {
  busy = false;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) return sysError("cannot lock journal", path);
    busy = true;
    return "the journal '" + path + "' is in use by another process";
  }
  return {};
}
} // namespace

std::string JournalWriter::create(const std::string &path, JournalProgramId program, Existing existing) {
  close();
  failure_ = Failure::Io;
  // Never O_TRUNC: a file being replaced is emptied only once it is locked,
  // so the journal of a call still running is not cut under it.
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (existing == Existing::Refuse ? O_EXCL : 0);
  fd_ = ::open(path.c_str(), flags, 0644);
  if (fd_ < 0 && errno == EEXIST) {
    failure_ = Failure::Exists;
    return "the journal '" + path + "' already exists";
  }
  if (fd_ < 0) return sysError("cannot create journal", path);
  bool busy;
  if (std::string e = lock(fd_, path, busy); !e.empty()) {
    if (busy) failure_ = Failure::Locked;
    close();
    return e;
  }
  if (::ftruncate(fd_, 0) != 0) return sysError("cannot truncate journal", path);
  const std::vector<uint8_t> h = journalHeaderBytes(program);
  if (std::string e = writeAll(h.data(), h.size()); !e.empty()) return e;
  if (::fdatasync(fd_) != 0) return sysError("cannot sync journal", path);
  // The new file's directory entry must survive a power loss too (a kill
  // needs nothing: the kernel keeps it): sync the directory that holds the
  // entry. A failure is an I/O error, as for the file itself; a file
  // system that cannot sync a directory (EINVAL) has nothing to sync.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return sysError("cannot open the journal's directory", dir);
  if (::fsync(dfd) != 0 && errno != EINVAL) {
    std::string e = sysError("cannot sync the journal's directory", dir);
    ::close(dfd);
    return e;
  }
  ::close(dfd);
  next_ = 0;
  failure_ = Failure::None;
  return {};
}

std::string JournalWriter::open(const std::string &path, JournalContents &contents) {
  close();
  failure_ = Failure::Io;
  contents = JournalContents{};
  fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) return sysError("cannot open journal", path);
  bool busy;
  if (std::string e = lock(fd_, path, busy); !e.empty()) {
    if (busy) failure_ = Failure::Locked;
    close();
    return e;
  }
  std::vector<uint8_t> bytes;
  if (std::string e = readAll(fd_, path, bytes); !e.empty()) return e;
  contents = parseJournal(bytes);
  path_ = path;
  failure_ = Failure::None;
  return {};
}

std::string JournalWriter::keep(uint64_t validBytes, uint32_t nextSequence) {
  if (fd_ < 0) return "the journal is not open";
  if (::ftruncate(fd_, off_t(validBytes)) != 0) return sysError("cannot truncate journal", path_);
  if (::lseek(fd_, off_t(validBytes), SEEK_SET) < 0) return sysError("cannot seek in journal", path_);
  if (::fdatasync(fd_) != 0) return sysError("cannot sync journal", path_);
  next_ = nextSequence;
  return {};
}

std::string JournalWriter::append(std::span<const uint8_t> payload) {
  if (fd_ < 0) return "the journal is not open";
  if (payload.size() > kJournalMaxPayload) return "the answer is too long for the journal";
  const std::vector<uint8_t> rec = journalRecordBytes(next_, payload);
  if (std::string e = writeAll(rec.data(), rec.size()); !e.empty()) return e;
  if (::fdatasync(fd_) != 0) return std::string("journal sync failed: ") + std::strerror(errno);
  ++next_;
  return {};
}

std::string JournalWriter::appendTorn(std::span<const uint8_t> payload, size_t bytes) {
  if (fd_ < 0) return "the journal is not open";
  const std::vector<uint8_t> rec = journalRecordBytes(next_, payload);
  return writeAll(rec.data(), std::min(bytes, rec.size()));
}

} // namespace callflow
