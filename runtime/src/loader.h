// Internal: the Loader that verifies a bytecode file and fills a Program in
// the same pass (verifier.cpp: header and tables; verify_code.cpp: EXPRS,
// CODE and DEBUG).
#pragma once

#include <string>
#include <vector>

#include "callflow/program.h"

namespace callflow {

class Loader {
public:
  /// `both` (may be empty): the host's two threads, for a CODE section of
  /// `halvesFrom` bytes or more in halves.
  Loader(Program &program, const uint8_t *data, size_t size, const RunBoth &both, uint32_t halvesFrom)
      : P(program), base_(data), size_(size), both_(&both), halvesFrom_(halvesFrom) {}
  /// False with error() set when the file is rejected.
  bool run();
  const LoadError &error() const { return err_; }

private:
  struct Range {
    uint32_t begin = 0, end = 0;
    bool absent = false; // format 5: not in the file (a table section then reads as count 0)
  };
  struct ExprUse {
    uint32_t offset;   // EXPRS offset
    bool wantBool;     // a condition; else the slot's type
    bc::Type type;     // the wanted type when !wantBool
    uint64_t fileAt;   // where the reference is, for the message
    const char *what;
  };

  uint16_t version_ = bc::kFormatVersion; // the file's, read by header()

  bool header();
  bool compactHeader(); // format 5
  bool codedStrings();  // format 5's STRINGS
  /// The file offset of string i's bytes (for messages).
  uint64_t stringFileOffset(uint32_t i) const;
  bool meta();
  bool strings();
  bool texts();
  bool enums();
  bool slots();
  bool forms();
  bool items();
  bool sections();
  bool steps();
  bool exprs();
  bool code();
  /// One linear pass over CODE's instructions: its state between them.
  struct CodePass {
    uint32_t pc = 0;
    std::vector<bc::Type> stack;
    std::vector<uint8_t> stepSeen; // by step: its STEP instruction was met
    uint64_t pendingItems = 0;     // items still due to the list being read
    int16_t itemOp = -1;           // their opcode
    bool lastStops = false;        // the last statement cannot continue
  };
  /// Verifies instructions from s.pc while s.pc < to (the last may end
  /// past `to`). False on a rejection.
  bool codePass(uint32_t to, CodePass &s);
  /// A pass's state at `pc` with nothing open: an empty stack, no step seen.
  CodePass newPass(uint32_t pc) const;
  /// starts_, landings_ and targets_ sized for CODE and all clear.
  void clearCodeBits();
  /// The checks at the end of CODE, after its pass.
  bool codeEnd(CodePass &s);
  /// CODE in two halves at once through both_, split at a step's entry:
  /// true when both passed and the first ended exactly at the split with
  /// nothing open (the state one pass would have there), the bit sets and
  /// steps seen then merged into this loader's and `s`.
  bool codeInHalves(CodePass &s);
  bool debug();
  bool patterns();

  // Cursor over the current section.
  void enter(bc::SectionKind kind);
  bool fail(std::string msg) { return failAt(uint64_t(p_ - base_), std::move(msg)); }
  bool failAt(uint64_t offset, std::string msg);
  // The readers: the well-formed short cases inline; the rest, and every
  // failure, read again from the same byte by the out-of-line ones, which
  // say what is wrong.
  bool num(uint64_t &v, const char *what) {
    const uint8_t *at = p_;
    if (bc::readVarintFast(p_, end_, v)) return true;
    p_ = at;
    return numSlow(v, what);
  }
  bool numSlow(uint64_t &v, const char *what);
  bool index(uint32_t &out, uint64_t limit, const char *what) {
    const uint8_t *at = p_;
    uint64_t v;
    if (bc::readVarintFast(p_, end_, v) && v < limit) {
      out = uint32_t(v);
      return true;
    }
    p_ = at;
    return indexSlow(out, limit, what);
  }
  bool indexSlow(uint32_t &out, uint64_t limit, const char *what);
  bool optIndex(uint32_t &out, uint64_t limit, const char *what) {
    uint32_t v;
    if (!index(v, limit + 1, what)) return false;
    out = v == 0 ? kNone : v - 1;
    return true;
  }
  bool count(uint64_t &n, uint64_t limit, const char *what);
  bool type(bc::Type &t);
  bool finishSection();
  /// Reads the entry count a table section starts with, without moving.
  bool peekCount(bc::SectionKind kind, uint64_t &n);

  [[gnu::cold]] bool outOfRange(uint64_t fileAt, const char *op, const char *what, int64_t v,
                                uint64_t limit);
  /// Where instruction offset `at` of CODE (or of EXPRS) is in the file.
  uint64_t instrFileAt(bool inCode, uint64_t at) const;
  [[gnu::cold]] bool badInstr(bool inCode, uint64_t at, const char *op, const std::string &msg);
  /// The opcodes the file's format version has: those below this number.
  unsigned opsOfVersion() const;
  /// Rejects an opcode newer than the file's format version.
  [[gnu::cold]] bool newerOpcode(uint64_t fileAt, const char *op);
  /// Checks the operands and stack effect of one instruction. Inline (and
  /// defined in verify_code.cpp, the one file that calls it): it runs for
  /// every instruction, in the two loops over EXPRS and CODE.
  inline bool checkInstr(const bc::Instr &in, uint64_t at, bool inCode, std::vector<bc::Type> &stack);
  /// checkInstr's second half, for an instruction that pops or pushes:
  /// `slot` and `enumIdx` are its Slot and Enum operands (-1 if none).
  bool stackEffect(const bc::Instr &in, uint64_t at, bool inCode, std::vector<bc::Type> &stack, int64_t slot,
                   int64_t enumIdx);

  Program &P;
  const uint8_t *base_;
  size_t size_;
  const RunBoth *both_;
  uint32_t halvesFrom_;
  LoadError err_;
  Range sec_[bc::kSectionCount + 1];
  const char *secName_ = "header";
  const uint8_t *p_ = nullptr, *end_ = nullptr;
  uint64_t nStrings_ = 0, nTexts_ = 0, nEnums_ = 0, nSlots_ = 0, nForms_ = 0, nItems_ = 0,
           nSections_ = 0, nSteps_ = 0;
  std::vector<ExprUse> exprUses_;
  std::vector<std::pair<uint32_t, bc::Type>> exprEntries_; // offset, result type
  // One bit per CODE byte in each: an instruction starts there; a jump may
  // land there (a statement, at stack depth 0); some jump lands there.
  std::vector<uint64_t> starts_, landings_, targets_;
  static bool bit(const std::vector<uint64_t> &v, uint64_t i) { return (v[i >> 6] >> (i & 63)) & 1; }
  static void setBit(std::vector<uint64_t> &v, uint64_t i) { v[i >> 6] |= uint64_t(1) << (i & 63); }
  /// Fails with the first jump (in code order) whose target is not a landing.
  bool badJump();
  bc::Type lastPopped_;           // the last value checkInstr popped
  uint32_t inputSlot_ = 0;        // the slot of the INPUT whose ALLOWs follow
  std::vector<uint32_t> listKeys_; // the keys (string index + 1) of the list being read
};

} // namespace callflow
