// A loaded, verified program: the tables of a bytecode file in a form the
// interpreter and the disassembler read directly.
//
// The only way to get a Program is Program::load, which runs the verifier
// (verifier.h) over the bytes first: there is no way to run unverified code.
// A Program is immutable after loading; any number of sessions may share it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "callflow/bytecode.h"
#include "callflow/pattern.h"
#include "callflow/run_both.h"

namespace callflow {

inline constexpr uint32_t kNone = UINT32_MAX;
/// The compiled instructions of all the distinct patterns of one program
/// together (each is at most kPatternMaxProgram); a file past it is rejected.
inline constexpr size_t kMaxPatternInstructions = size_t(1) << 20;

/// Why a file was rejected: what is wrong, in which section, at which byte
/// offset of the file.
struct LoadError {
  std::string section; // "header", "STRINGS", "CODE", ...
  uint64_t offset = 0; // byte offset in the file
  std::string message;
  /// "CODE at byte 1234: jump target 99 is not an instruction start"
  std::string str() const;
};

struct EnumInfo {
  uint32_t name;
  uint32_t firstValue; // into Program::enumValues()
  uint32_t numValues;
};
struct EnumValueInfo {
  uint32_t name, label; // strings
};
struct SlotInfo {
  uint16_t flags;    // bc::SlotFlags
  uint32_t form;     // kNone for a variable
  uint32_t name;     // string
  uint32_t label;    // string
  bc::Type type;
  uint32_t when;     // EXPRS offset of the required-when condition, or kNone
  uint32_t pattern;  // string, or kNone
  uint32_t patternDescription; // string, or kNone (format 1: always kNone)
  uint32_t defaultExpr; // EXPRS offset, or kNone
  uint32_t firstSuggestion, numSuggestions; // into Program::suggestions()
  bool isField() const { return flags & bc::kSlotIsField; }
  /// `sensitive`: never shown again, never journaled (the host still reads it).
  bool isSensitive() const { return flags & bc::kSlotSensitive; }
};
struct RuleInfo {
  uint32_t message; // string
  uint32_t cond;    // EXPRS offset
};
struct FormInfo {
  uint32_t name, label;
  uint32_t firstSlot, numFields;
  uint32_t firstRule, numRules; // into Program::rules()
};
struct ItemInfo {
  int64_t code;
  uint32_t name; // string
  int64_t price; // cents (Once, Monthly: the first period); 0 for Percent
  bc::ItemKind kind = bc::ItemKind::Once;
  int64_t percent = 0; // Percent: hundredths of a percent (1..bc::kMaxPercent)
};
struct SectionInfo {
  uint32_t title; // string
  uint32_t role;  // string or kNone
};
struct StepInfo {
  uint32_t id;      // string
  uint32_t title;   // string or kNone
  uint32_t section; // section index or kNone
  uint32_t role;    // string or kNone (the step's own, else its section's)
  uint32_t entry;   // CODE offset of its STEP instruction
};
struct DebugEntry {
  uint32_t offset; // CODE offset of the first instruction of a statement
  uint32_t file;   // string
  uint32_t line;   // 1-based
};
/// One part of a text (template), decoded.
struct TextPart {
  bc::PartTag tag;
  uint32_t index; // string / slot / form / item index (0 for the total)
};

class Program;
struct Loaded {
  std::shared_ptr<const Program> program; // null when rejected
  LoadError error;
  explicit operator bool() const { return program != nullptr; }
};

class Program {
public:
  /// Verifies `bytes` and, when they pass, returns the program (it keeps
  /// its own copy of the bytes). With `both`, the verifier checks a large
  /// CODE section in two halves at once on the host's two threads; the
  /// verdict and a rejection's message are the same either way.
  static Loaded load(std::span<const uint8_t> bytes, const RunBoth &both = {});
  /// The same, adopting the caller's buffer instead of copying it (a host
  /// that reads the file into a vector saves a copy of it).
  static Loaded load(std::vector<uint8_t> &&bytes, const RunBoth &both = {});

  ~Program();
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  std::string_view name() const { return string(name_); }
  std::string_view title() const { return title_ == kNone ? std::string_view() : string(title_); }
  uint32_t startStep() const { return start_; }
  std::string_view currency() const { return currency_ == kNone ? "$" : string(currency_); }
  std::string_view sourceFile() const { return source_ == kNone ? std::string_view() : string(source_); }
  /// The language of the flow's own text, decided by the compiler (header).
  bc::Language language() const { return language_; }

  size_t numStrings() const { return stringOffsets_.size(); }
  std::string_view string(uint32_t i) const {
    return {strBase_ + stringOffsets_[i], stringLengths_[i]};
  }
  size_t numTexts() const { return textOffsets_.size(); }
  /// Calls f(TextPart) for each part of text `i`, in order.
  template <class F> void forEachPart(uint32_t i, F &&f) const {
    const uint8_t *p = bytes_.data() + textOffsets_[i];
    uint64_t n = readVerified(p);
    for (uint64_t k = 0; k < n; ++k) {
      uint64_t v = readVerified(p);
      f(TextPart{bc::PartTag(v & 7), uint32_t(v >> bc::kPartTagBits)});
    }
  }
  /// The text written back as source (`Hello {agent}.`), for listings;
  /// at most about `limit` bytes of it (a text may render to gigabytes).
  std::string textSource(uint32_t i, size_t limit = SIZE_MAX) const;

  const std::vector<EnumInfo> &enums() const { return enums_; }
  const std::vector<EnumValueInfo> &enumValues() const { return enumValues_; }
  const std::vector<SlotInfo> &slots() const { return slots_; }
  const std::vector<uint32_t> &suggestions() const { return suggestions_; }
  const std::vector<FormInfo> &forms() const { return forms_; }
  const std::vector<RuleInfo> &rules() const { return rules_; }
  const std::vector<ItemInfo> &items() const { return items_; }
  const std::vector<SectionInfo> &sections() const { return sections_; }
  const std::vector<StepInfo> &steps() const { return steps_; }
  /// The DEBUG table, decoded on first use (the loader verifies it without
  /// keeping it; most hosts never ask).
  const std::vector<DebugEntry> &debug() const;
  /// The compiled pattern of a slot with bc::kSlotHasPattern, else null.
  const Pattern *pattern(uint32_t slot) const {
    return slots_[slot].pattern == kNone ? nullptr : &patterns_[slot];
  }

  std::span<const uint8_t> code() const { return {bytes_.data() + codeBegin_, codeSize_}; }
  std::span<const uint8_t> exprs() const { return {bytes_.data() + exprsBegin_, exprsSize_}; }
  std::span<const uint8_t> bytes() const { return bytes_; }
  /// Whether any expression reads `today` or `now` (TODAY, NOW): a host
  /// journals the clock it gave such a call (JournalAnswer::Kind::Clock).
  bool readsClock() const;
  /// Offset of the CODE section in the file (disassembly shows code offsets).
  uint32_t codeFileOffset() const { return codeBegin_; }

  /// "Form.field" for a field, the name for a variable.
  std::string slotName(uint32_t slot) const;
  /// A slot by "name" or "Form.field"; kNone when there is none.
  uint32_t findSlot(std::string_view name) const;
  uint32_t findStep(std::string_view id) const;
  /// The debug entry covering a CODE offset, or null.
  const DebugEntry *location(uint32_t codeOffset) const;

private:
  friend class Loader;
  friend std::optional<LoadError> verifyBytecode(std::span<const uint8_t> bytes, const RunBoth &both,
                                                 uint32_t halvesFrom);
  friend class Session;
  Program();
  static uint64_t readVerified(const uint8_t *&p) {
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
      b = *p++;
      v |= uint64_t(b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  }

  std::vector<uint8_t> bytes_;
  uint32_t name_ = 0, title_ = kNone, start_ = 0, currency_ = kNone, source_ = kNone;
  bc::Language language_ = bc::Language::En;
  // String i is strBase_[stringOffsets_[i], + stringLengths_[i]): in the
  // file's bytes (formats 2 to 4), or in decoded_ (format 5, whose string
  // table is coded: docs/bytecode.md "Format 5").
  std::vector<uint32_t> stringOffsets_, stringLengths_, textOffsets_;
  const char *strBase_ = nullptr;
  std::string decoded_;
  // What Session::render runs, built by the loader: for text i, the words
  // textOps_[textOpStart_[i] .. textOpStart_[i + 1]). A word is
  // (x << 3) | tag: a bc::PartTag other than Literal with its index x, or
  // kOpString (one string of length x at offset strBase_ + the next word), or
  // kOpJoined (x bytes of joined_ at the offset in the next word: a run of
  // literal parts copied together once, so a line is one append).
  static constexpr uint32_t kOpString = 0, kOpJoined = 5;
  std::vector<uint32_t> textOps_, textOpStart_;
  std::string joined_;
  std::vector<EnumInfo> enums_;
  std::vector<EnumValueInfo> enumValues_;
  std::vector<SlotInfo> slots_;
  std::vector<uint32_t> suggestions_;
  std::vector<FormInfo> forms_;
  std::vector<RuleInfo> rules_;
  std::vector<ItemInfo> items_;
  std::vector<SectionInfo> sections_;
  std::vector<StepInfo> steps_;
  mutable std::once_flag debugOnce_;
  mutable std::vector<DebugEntry> debug_;
  uint32_t debugBegin_ = 0; // file offset of the verified DEBUG section; 0: none (format 5 may omit it)
  std::vector<Pattern> patterns_; // by slot; empty where there is none
  uint32_t codeBegin_ = 0, codeSize_ = 0, exprsBegin_ = 0, exprsSize_ = 0;
};

} // namespace callflow
