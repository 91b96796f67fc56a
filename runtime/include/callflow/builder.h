// ProgramBuilder: the only writer of bytecode. Codegen and tests add strings,
// texts, tables and instructions through it and serialize the result.
//
// Instructions go through emit helpers generated from opcodes.def
// (emitSAY(text), emitJUMP(label), ...). Jumps name Labels; a label is bound
// once to a position, and serialize() lays the code out (relaxing the varint
// sizes of jump offsets) and fills in every target. Expression code for
// conditions and defaults (EXPRS) is written with beginExpr() and the
// expression helpers on exprs().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "callflow/bytecode.h"
#include "callflow/run_both.h"

namespace callflow {

inline constexpr uint32_t kNoIndex = UINT32_MAX;

/// A jump target in CODE. Make with ProgramBuilder::newLabel().
struct Label {
  uint32_t id = kNoIndex;
};

/// An emitted instruction (its position in the builder's list).
struct InstrRef {
  uint32_t index = kNoIndex;
};

/// One operand as given to an emit helper: a number or a label.
struct Operand {
  int64_t value = 0;
  bool isLabel = false;
  Operand(Label l) : value(l.id), isLabel(true) {}
  template <class T, std::enable_if_t<std::is_integral_v<T> || std::is_enum_v<T>, int> = 0>
  Operand(T v) : value(int64_t(v)) {}
};

/// One piece of a text to add: a literal run or a placeholder.
struct TextPiece {
  bc::PartTag tag = bc::PartTag::Literal;
  std::string literal;  // for Literal
  uint32_t index = 0;   // slot / form / item index
  static TextPiece lit(std::string s) { return {bc::PartTag::Literal, std::move(s), 0}; }
  static TextPiece slot(uint32_t s) { return {bc::PartTag::Slot, {}, s}; }
  static TextPiece formNumber(uint32_t f) { return {bc::PartTag::FormNumber, {}, f}; }
  static TextPiece price(uint32_t item) { return {bc::PartTag::Price, {}, item}; }
  static TextPiece invoiceTotal() { return {bc::PartTag::InvoiceTotal, {}, 0}; }
};

/// A variable or form field as the builder takes it.
struct SlotSpec {
  SlotSpec() = default;
  SlotSpec(std::string name, std::string label, bc::Type type, bool required = false,
           bool isAuto = false)
      : name(std::move(name)), label(std::move(label)), type(type), required(required),
        isAuto(isAuto) {}
  std::string name;
  std::string label;            // empty: the name
  bc::Type type;
  bool required = false;
  bool isAuto = false;
  bool unused = false;
  /// `sensitive` (format 4): never shown again nor journaled.
  bool sensitive = false;
  std::optional<std::string> pattern;
  /// The pattern in the designer's words (`matches "re" as "..."`), shown to
  /// agents instead of the regex; written only with a pattern (format 3).
  std::optional<std::string> patternDescription;
  bool patternOnlyWhen = false; // the pattern applies only while required-when holds
  std::vector<std::string> suggestions;
};

struct BuildResult {
  std::vector<uint8_t> bytes;
  std::string error; // empty on success
  explicit operator bool() const { return error.empty(); }
};

/// How ProgramBuilder cuts a text's literal into words (each word keeps the
/// spaces after it; each word is one part of the text and one string):
/// how many words, and the longest in bytes. The compiler's checker uses it
/// to hold a text to kMaxTextParts and its words to kMaxStringLength.
struct LiteralWords {
  size_t count = 0, longest = 0;
};
LiteralWords literalWords(std::string_view s);

class ProgramBuilder {
public:
  ProgramBuilder();

  // ---- meta -------------------------------------------------------------------
  void setFlow(std::string_view name, std::string_view title = {});
  void setStart(uint32_t step) { start_ = step; }
  void setCurrency(std::string_view symbol) { currency_ = addString(symbol) + 1; }
  void setSourceFile(std::string_view path) { source_ = addString(path) + 1; }
  /// The language of the flow's own text (header; English unless set).
  void setLanguage(bc::Language lang) { language_ = lang; }
  /// Marks the program as needing format `version` (a format-4 slot type,
  /// flag or item kind); the file is written in the newest version asked
  /// for. Emitting a format-4 opcode asks for 4 by itself.
  void requireFormat(uint16_t version) {
    if (version > minFormat_) minFormat_ = version;
  }
  /// Format 5 (the default): the compact container and the coded string
  /// table, literals kept whole (up to kWholeLiteral bytes). Off: the
  /// oldest of formats 2 to 4 that holds the program, literals split into
  /// words, as before format 5 (for runtimes that read only 2 to 4).
  /// Set it before adding texts.
  void setCompact(bool on) { compact_ = on; }
  bool compact() const { return compact_; }
  static constexpr size_t kWholeLiteral = 4096;

  // ---- strings and texts ------------------------------------------------------
  /// The hash the builder's sets of strings, literals and texts use (a few
  /// multiplies a word: the bytes are short and many), for a caller that
  /// keys a table of its own on such bytes.
  static uint32_t hashBytes(const void *data, size_t n);
  /// The index of `s` in the string table, added once.
  uint32_t addString(std::string_view s);
  /// The index of a text made of `pieces`, added once. Literals are split
  /// into words (each with the spaces after it) so that words are shared.
  uint32_t addText(const std::vector<TextPiece> &pieces);
  uint32_t addPlainText(std::string_view s) {
    beginText();
    textLiteral(s);
    return endText();
  }
  /// The same as addText, piece by piece without building TextPieces:
  /// beginText(), then textLiteral / textPart in order, then endText().
  void beginText() { textParts_.clear(); }
  /// Returns the literal's identity among the literals added so far, equal
  /// for equal literals (the string's or the word list's index, tagged), or
  /// kNoLiteral for an empty one: a caller may keep what it learned of a
  /// literal by it (codegen, the letters it counts for the language).
  uint32_t textLiteral(std::string_view s);
  static constexpr uint32_t kNoLiteral = UINT32_MAX;
  void textPart(bc::PartTag tag, uint32_t index) {
    textParts_.push_back((index << bc::kPartTagBits) | uint32_t(tag));
  }
  uint32_t endText();

  // ---- tables -------------------------------------------------------------------
  /// values: (name, label) pairs; an empty label means the name.
  uint32_t addEnum(std::string_view name,
                   const std::vector<std::pair<std::string, std::string>> &values);
  uint32_t addVariable(const SlotSpec &spec);
  /// Starts a form; the fields added next (addField) belong to it.
  uint32_t addForm(std::string_view name, std::string_view label);
  /// Adds a field to the form most recently started. Returns its slot index.
  uint32_t addField(uint32_t form, const SlotSpec &spec);
  /// The required-when condition and default of a slot (EXPRS offsets).
  void setSlotWhen(uint32_t slot, uint32_t expr) { slots_[slot].when = expr; }
  void setSlotDefault(uint32_t slot, uint32_t expr) { slots_[slot].defaultExpr = expr; }
  void addRule(uint32_t form, std::string_view message, uint32_t condExpr);
  /// A catalog item. `value`: the price in cents (Once, Monthly) or the
  /// rate in hundredths of a percent (Percent). A kind other than Once
  /// needs format 6 (asked for here).
  uint32_t addItem(int64_t code, std::string_view name, int64_t value,
                   bc::ItemKind kind = bc::ItemKind::Once);
  uint32_t addSection(std::string_view title, std::string_view role = {});
  /// title, role: empty for none. section: kNoIndex for none.
  uint32_t addStep(std::string_view id, std::string_view title = {},
                   uint32_t section = kNoIndex, std::string_view role = {});

  // ---- EXPRS ----------------------------------------------------------------------
  /// Starts an expression entry; returns its EXPRS offset. Emit its
  /// instructions with the expression helpers and finish with endExpr().
  uint32_t beginExpr();
  void endExpr();
  /// True between beginExpr() and endExpr(): expression helpers write EXPRS.
  bool inExpr() const { return inExpr_; }

  // ---- CODE -----------------------------------------------------------------------
  Label newLabel();
  /// Binds `l` to the next instruction. False when it is unknown or bound.
  [[nodiscard]] bool bind(Label l);
  /// The label of a step's entry.
  Label stepLabel(uint32_t step) const { return Label{stepLabels_[step]}; }
  /// Binds the step's label here and emits its STEP marker.
  [[nodiscard]] bool beginStep(uint32_t step);
  /// Retargets Label operand `operand` of an emitted instruction. False when
  /// that operand is not a Label.
  [[nodiscard]] bool patch(InstrRef at, unsigned operand, Label target);
  /// The source location of the statement whose instructions come next.
  void setLocation(std::string_view file, uint32_t line);
  /// The same, the file given as its string's index (addString): a
  /// caller that sets a location per statement interns the name once.
  /// An index not in the table fails serialize().
  void setLocationString(uint32_t file, uint32_t line);

  /// Emits any instruction (into EXPRS between beginExpr/endExpr).
  InstrRef emit(bc::Op op, std::initializer_list<Operand> operands);

#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW)                     \
  template <class... Args> InstrRef emit##NAME(Args... args) {                   \
    static_assert(sizeof...(Args) ==                                             \
                      bc::detail::countOperands(bc::OperandKind::A,               \
                                                bc::OperandKind::B,               \
                                                bc::OperandKind::C),              \
                  "wrong operand count for " #NAME);                             \
    return emit(bc::Op::NAME, {Operand(args)...});                               \
  }
#include "callflow/opcodes.def"

  /// Lays out and writes the file. Errors: unbound labels, steps never
  /// begun, an open expression, a limit exceeded.
  [[nodiscard]] BuildResult serialize() const { return serialize(nullptr); }
  /// The file's STRINGS section, as serialize() writes it. In format 5 it
  /// is the string table coded by learnt byte pairs, the dearest part of
  /// serialize(), and depends on nothing else: a host with a spare core may
  /// make it aside while serialize() lays out the code. The coder learns
  /// its codes for two budgets of built-in codes and keeps the better;
  /// `both`, when given, runs the two (on two threads if the host has
  /// them). The bytes are the same either way.
  [[nodiscard]] std::vector<uint8_t> stringSection(const RunBoth &both = {}) const;
  /// serialize(), taking the STRINGS section from `strings` (which must
  /// return what stringSection() returns) when it is needed; not called
  /// when serialize() fails before.
  [[nodiscard]] BuildResult
  serialize(const std::function<std::vector<uint8_t>()> &strings) const;
  /// Bytes in the string table (all distinct strings).
  size_t stringBytes() const { return strData_.size(); }

  uint32_t numSlots() const { return uint32_t(slots_.size()); }
  uint32_t numSteps() const { return uint32_t(steps_.size()); }

private:
  /// An open-addressing set of indices (kNoIndex: empty), for interning.
  /// The keys live in the owner's tables; the set holds their hashes.
  struct IndexSet {
    struct Entry {
      uint32_t index = kNoIndex;
      uint32_t hash = 0;
    };
    std::vector<Entry> table; // a power of two long, at most half full
    uint32_t count = 0;
    /// Finds the entry with `hash` for which `same(index)` holds, or
    /// inserts `next` (and returns it).
    template <class Same> uint32_t findOrInsert(uint32_t hash, uint32_t next, Same same);
    void grow();
  };
  std::string_view str(uint32_t i) const {
    return std::string_view(strData_).substr(strOff_[i], strOff_[i + 1] - strOff_[i]);
  }
  uint32_t numStrings() const { return uint32_t(strOff_.size() - 1); }
  struct Slot {
    uint16_t flags = 0;
    uint32_t form = kNoIndex, name = 0, label = 0;
    bc::Type type;
    uint32_t when = kNoIndex, pattern = kNoIndex, defaultExpr = kNoIndex;
    uint32_t patternDescription = kNoIndex;
    std::vector<uint32_t> suggestions;
  };
  struct Form {
    uint32_t name, label, firstSlot, numFields = 0;
    std::vector<std::pair<uint32_t, uint32_t>> rules; // message, expr
  };
  struct Step {
    uint32_t id, title, section, role;
    bool begun = false;
  };
  // An instruction before layout, 16 bytes: a large flow has millions. An
  // operand that does not fit in 32 bits is kept in wide_ and a[k] holds
  // its index there.
  struct Pending {
    bc::Op op;
    uint8_t numOperands;
    uint8_t labels = 0; // bit k: operand k is a label id
    uint8_t wide = 0;   // bit k: operand k is wide_[a[k]]
    int32_t a[3];
    bool isLabel(unsigned k) const { return labels >> k & 1; }
  };
  int64_t operand(const Pending &p, unsigned k) const {
    return p.wide >> k & 1 ? wide_[uint32_t(p.a[k])] : int64_t(p.a[k]);
  }
  void setOperand(Pending &p, unsigned k, int64_t v);
  struct Loc {
    uint32_t instr, file, line;
  };
  Slot makeSlot(const SlotSpec &spec, uint32_t form);

  uint32_t nameStr_ = 0, title_ = 0, start_ = 0, currency_ = 0, source_ = 0;
  bc::Language language_ = bc::Language::En;
  // The string table: string i is strData_[strOff_[i], strOff_[i + 1]).
  std::string strData_;
  std::vector<uint32_t> strOff_{0};
  IndexSet strSet_;
  // The text table: text i's encoded parts (the TEXTS section's entry) are
  // textData_[textOff_[i], textOff_[i + 1]).
  std::vector<uint8_t> textData_;
  std::vector<uint32_t> textOff_{0};
  IndexSet textSet_;
  std::vector<uint32_t> textParts_; // the text being added
  std::vector<uint8_t> textEnc_;
  // Literals already split into words: literal i is litData_[litOff_[i],
  // litOff_[i + 1]) and its word strings litWords_[litWordOff_[i],
  // litWordOff_[i + 1]) (generated and real flows repeat whole lines).
  std::string litData_;
  std::vector<uint32_t> litOff_{0}, litWordOff_{0}, litWords_;
  IndexSet litSet_;
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>>> enums_;
  std::vector<Slot> slots_;
  std::vector<Form> forms_;
  struct Item {
    int64_t code;
    uint32_t name;
    int64_t value;
    bc::ItemKind kind;
  };
  std::vector<Item> items_;
  std::vector<std::pair<uint32_t, uint32_t>> sections_; // title, role+1
  std::vector<Step> steps_;
  std::vector<uint32_t> stepLabels_;
  std::vector<uint8_t> exprs_;
  bool inExpr_ = false;
  std::vector<Pending> code_;
  std::vector<int64_t> wide_; // operands too wide for a Pending
  std::vector<uint32_t> labels_; // label id -> instruction index, kNoIndex unbound
  std::vector<Loc> locs_;
  uint32_t locFile_ = kNoIndex; // string of the last setLocation's file
  std::string error_; // the first misuse seen by emit()
  uint16_t minFormat_ = 2; // the oldest format that holds what was added
  bool compact_ = true;    // write format 5
};

} // namespace callflow
