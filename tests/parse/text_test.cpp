// Strings: escapes, placeholders ({name}, {Form.field}, {price 320},
// {invoice.total}), regex quantifiers kept literal, multi-line strings,
// UTF-8 text and carets/columns on Cyrillic lines, comments kept; a rare
// text kept aside (ast::Rare) copies as std::optional does.
#include <gtest/gtest.h>

#include "parse_test_util.h"

using callflow::testing::parseText;
using namespace callflow;

namespace {

const ast::Text &sayText(const callflow::testing::Parsed &p, size_t i = 0) {
  auto *st = llvm::cast<ast::StepDecl>(p.file->decls.at(0).get());
  EXPECT_LT(i, st->body.stmts.size());
  return llvm::cast<ast::SayStmt>(st->body.stmts[i].get())->text;
}

llvm::StringRef source(llvm::SMRange r) {
  return llvm::StringRef(r.Start.getPointer(), r.End.getPointer() - r.Start.getPointer());
}

TEST(ParseText, Placeholders) {
  auto p = parseText("step s { say \"{name} has {Ticket.number}: {price 320}, {invoice.total} {Form.field}\" }");
  EXPECT_EQ(p->all(), "");
  const ast::Text &t = sayText(*p);
  ASSERT_EQ(t.numParts(), 9u);
  const auto &name = *t.part(0).placeholder;
  EXPECT_EQ(name.kind, ast::Placeholder::Kind::Ref);
  EXPECT_EQ(name.ref.str(), "name");
  EXPECT_EQ(source(name.range), "{name}");
  EXPECT_EQ(source(name.ref.parts[0].range), "name");
  EXPECT_EQ(t.part(1).literal, " has ");
  const auto &num = *t.part(2).placeholder;
  EXPECT_EQ(num.ref.str(), "Ticket.number");
  EXPECT_EQ(source(num.ref.range), "Ticket.number");
  EXPECT_EQ(source(num.ref.parts[1].range), "number");
  const auto &price = *t.part(4).placeholder;
  EXPECT_EQ(price.kind, ast::Placeholder::Kind::Price);
  EXPECT_EQ(price.priceCode, 320);
  EXPECT_EQ(source(price.range), "{price 320}");
  const auto &total = *t.part(6).placeholder;
  EXPECT_EQ(total.ref.str(), "invoice.total");
  EXPECT_EQ(t.part(8).placeholder->ref.str(), "Form.field");
  EXPECT_TRUE(t.hasPlaceholders());
  EXPECT_EQ(t.str(), "{name} has {Ticket.number}: {price 320}, {invoice.total} {Form.field}");
}

// A name is the bytes its range covers, not a copy (32 bytes a name, not
// 64 with a std::string): a step ID, a jump's target and each part of a
// placeholder, blanks after its brace left out, read back what was written.
TEST(ParseText, ANameIsTheBytesItsRangeCovers) {
  static_assert(sizeof(ast::Name) == 32, "a name is its range and its resolution");
  auto p = parseText("step D-2-7 {\n  say \"Hi {  agent}, {Ticket.title}\"\n  goto D-2-8\n}\n"
                     "step D-2-8 { end }\n");
  EXPECT_EQ(p->all(), "");
  auto *st = llvm::cast<ast::StepDecl>(p->file->decls.at(0).get());
  EXPECT_EQ(st->id.text(), "D-2-7");
  EXPECT_EQ(st->id.text().data(), st->id.range.Start.getPointer()); // in the source, not a copy
  const ast::Text &t = sayText(*p);
  ASSERT_EQ(t.placeholders().size(), 2u);
  const ast::Name &agent = t.placeholders()[0].ref.parts[0];
  EXPECT_EQ(agent.text(), "agent");
  EXPECT_EQ(source(agent.range), "agent");
  EXPECT_EQ(t.placeholders()[1].ref.parts[0].text(), "Ticket");
  EXPECT_EQ(t.placeholders()[1].ref.parts[1].text(), "title");
  EXPECT_EQ(llvm::cast<ast::GotoStmt>(st->body.stmts[1].get())->target.text(), "D-2-8");
  EXPECT_TRUE(ast::Name{}.missing());
  EXPECT_EQ(ast::Name{}.text(), "");
}

// A text keeps its literal bytes in one string and its placeholders aside;
// parts() gives them back in source order, runs merged, none empty.
TEST(ParseText, PartsComeBackInSourceOrder) {
  auto p = parseText("step s { say \"{a}{b} x \\\"y\\\" {c}\" say \"\" say \"only {d}!\" }");
  EXPECT_EQ(p->all(), "");
  const ast::Text &t = sayText(*p);
  EXPECT_EQ(t.literal(), " x \"y\" ");
  ASSERT_EQ(t.numParts(), 4u);
  EXPECT_EQ(t.part(0).placeholder->ref.str(), "a");
  EXPECT_EQ(t.part(1).placeholder->ref.str(), "b");
  EXPECT_EQ(t.part(2).placeholder, nullptr);
  EXPECT_EQ(t.part(2).literal, " x \"y\" ");
  EXPECT_EQ(t.part(2).begin, 0u);
  EXPECT_EQ(t.part(3).placeholder->ref.str(), "c");
  EXPECT_EQ(t.str(), "{a}{b} x \"y\" {c}");
  EXPECT_EQ(sayText(*p, 1).numParts(), 0u);
  EXPECT_EQ(sayText(*p, 1).str(), "");
  const ast::Text &u = sayText(*p, 2);
  ASSERT_EQ(u.numParts(), 3u);
  EXPECT_EQ(u.part(0).literal, "only ");
  EXPECT_EQ(u.part(1).placeholder->ref.str(), "d");
  EXPECT_EQ(u.part(2).literal, "!");
  EXPECT_EQ(u.part(2).begin, 5u);
  EXPECT_EQ(u.part(3).placeholder, nullptr); // past the end: an empty part
  EXPECT_TRUE(u.part(3).literal.empty());
}

TEST(ParseText, PriceAloneIsAName) {
  auto p = parseText("step s { say \"{price} {price.x}\" }");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(sayText(*p).part(0).placeholder->ref.str(), "price");
  EXPECT_EQ(sayText(*p).part(2).placeholder->ref.str(), "price.x");
}

TEST(ParseText, Escapes) {
  auto p = parseText(R"(step s { say "a\"b\\c\nd\te\{f\}" })");
  EXPECT_EQ(p->all(), "");
  const ast::Text &t = sayText(*p);
  ASSERT_EQ(t.numParts(), 1u);
  EXPECT_EQ(t.part(0).literal, "a\"b\\c\nd\te{f}");
  EXPECT_FALSE(t.hasPlaceholders());
}

TEST(ParseText, QuantifiersStayLiteral) {
  auto p = parseText(R"(var code : text matches "[0-9]{6}"
var b : text matches "[CС]{2} ?№ ?[0-9]{2,3}x{2,}")");
  EXPECT_EQ(p->all(), "");
  auto *v = llvm::cast<ast::VarDecl>(p->file->decls[0].get());
  ASSERT_TRUE(v->spec.pattern.has_value());
  EXPECT_EQ(v->spec.pattern->literal(), "[0-9]{6}");
  EXPECT_FALSE(v->spec.pattern->hasPlaceholders());
  auto *w = llvm::cast<ast::VarDecl>(p->file->decls[1].get());
  EXPECT_EQ(w->spec.pattern->literal(), "[CС]{2} ?№ ?[0-9]{2,3}x{2,}");
}

TEST(ParseText, StringsSpanLines) {
  auto p = parseText("step s { say \"first\nsecond {x}\" end }");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(sayText(*p).str(), "first\nsecond {x}");
  EXPECT_EQ(p->dump(), "  StepDecl s @1:1\n"
                       "    Say \"first\\nsecond {x}\" @1:10\n"
                       "    End @2:13\n");
}

TEST(ParseText, CyrillicColumnsAndRanges) {
  std::string src = "// комментарий «кавычки»\n"
                    "step s {\n"
                    "  say \"Привет, {agent}!\" say \"ещё\"\n"
                    "}\n";
  auto p = parseText(src);
  EXPECT_EQ(p->all(), "");
  // Columns count code points: the second say is after 24 code points.
  EXPECT_EQ(p->dump(), "  StepDecl s @2:1\n"
                       "    Say \"Привет, {agent}!\" @3:3\n"
                       "    Say \"ещё\" @3:26\n");
  const ast::Text &t = sayText(*p);
  const auto &ph = *t.part(1).placeholder;
  EXPECT_EQ(source(ph.range), "{agent}");
  EXPECT_EQ(source(sayText(*p, 1).range), "\"ещё\"");
  EXPECT_EQ(source(t.range), "\"Привет, {agent}!\"");
  ASSERT_EQ(p->file->comments.size(), 1u);
  EXPECT_EQ(p->file->comments[0].text, "// комментарий «кавычки»");
  EXPECT_EQ(source(p->file->comments[0].range), "// комментарий «кавычки»");
}

TEST(ParseText, CaretsDoNotDriftOnCyrillic) {
  // An error after Cyrillic text on the same line points at the right byte.
  auto p = parseText("step s { say \"Привет\" foo }");
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diags->diagnostics()[0].id, diag::DiagId::SyntaxError);
  EXPECT_EQ(source(p->diags->diagnostics()[0].range), "foo");
  // A Cyrillic letter outside a string is one unexpected character.
  auto q = parseText("step s { say \"Привет\" ж end }");
  ASSERT_EQ(q->diags->diagnostics().size(), 1u) << q->all();
  EXPECT_EQ(q->diags->diagnostics()[0].id, diag::DiagId::UnexpectedCharacter);
  EXPECT_EQ(source(q->diags->diagnostics()[0].range), "ж");
  EXPECT_EQ(q->diags->diagnostics()[0].message, "unexpected character 'ж'");
}

} // namespace

// A string with neither an escape nor a placeholder keeps its literal in
// the source (no block: half the strings of a large flow are such); one
// with either gets a block. Copies read the same bytes; adding to one
// copies them into a block first and leaves the source and the other
// copies as they were.
TEST(ParseText, APlainStringIsKeptInTheSource) {
  auto p = parseText("step s \"Title\" {\n  say \"Plain, a } and {2,3} too\"\n"
                     "  say \"Tab\\there\"\n  say \"Hi {name}\"\n  say \"\"\n"
                     "  say \"two\nlines\"\n}\n");
  ASSERT_EQ(p->all().find("error"), std::string::npos) << p->all();
  const ast::Text &plain = sayText(*p, 0);
  EXPECT_TRUE(plain.inSource());
  EXPECT_EQ(plain.literal(), "Plain, a } and {2,3} too");
  EXPECT_EQ(plain.literal().data(), plain.range.Start.getPointer() + 1); // not a copy
  EXPECT_FALSE(plain.hasPlaceholders());
  EXPECT_EQ(plain.numParts(), 1u);
  EXPECT_EQ(plain.str(), "Plain, a } and {2,3} too");
  EXPECT_FALSE(sayText(*p, 1).inSource()); // an escape: decoded into a block
  EXPECT_EQ(sayText(*p, 1).literal(), "Tab\there");
  EXPECT_FALSE(sayText(*p, 2).inSource()); // a placeholder
  EXPECT_FALSE(sayText(*p, 3).inSource()); // empty: nothing at all
  EXPECT_TRUE(sayText(*p, 3).literal().empty());
  EXPECT_TRUE(sayText(*p, 4).inSource()); // a line break as written
  EXPECT_EQ(sayText(*p, 4).literal(), "two\nlines");

  ast::Text copy = plain;
  EXPECT_TRUE(copy.inSource());
  EXPECT_EQ(copy.literal().data(), plain.literal().data());
  copy.appendLiteral("!");
  EXPECT_FALSE(copy.inSource());
  EXPECT_EQ(copy.literal(), "Plain, a } and {2,3} too!");
  EXPECT_EQ(plain.literal(), "Plain, a } and {2,3} too"); // untouched
  ast::Text withName = plain;
  withName.emplacePlaceholder().kind = ast::Placeholder::Kind::Price;
  ASSERT_EQ(withName.placeholders().size(), 1u);
  EXPECT_EQ(withName.placeholders()[0].at, plain.literal().size()); // after the kept bytes
  EXPECT_EQ(withName.literal(), plain.literal());
  ast::Text own = plain;
  own.appendLiteral(own.literal()); // its own bytes, from the source
  EXPECT_EQ(own.literal(), "Plain, a } and {2,3} tooPlain, a } and {2,3} too");
  ast::Text moved = plain;
  ast::Text to = std::move(moved);
  EXPECT_TRUE(to.inSource());
  EXPECT_EQ(to.literal(), plain.literal());
  to = ast::Text(); // released without freeing the source
  EXPECT_TRUE(to.literal().empty());
  // Only an empty text whose range is a quoted string.
  ast::Text bare;
  EXPECT_THROW(bare.keepInSource(), std::logic_error);
}

TEST(AstRare, ARoleCopiesAndAssignsAsAnOptionalDoes) {
  auto p = parseText("step s by \"Team Director\" { end }\n");
  const auto *st = llvm::cast<ast::StepDecl>(p->file->decls.at(0).get());
  ASSERT_TRUE(st->role.has_value());
  EXPECT_EQ(st->role->str(), "Team Director");
  ast::Rare<ast::Text> copy = st->role;            // a deep copy
  copy->appendLiteral("!");
  EXPECT_EQ(st->role->str(), "Team Director");
  EXPECT_EQ(copy->str(), "Team Director!");
  copy = std::optional<ast::Text>();               // from an empty optional
  EXPECT_FALSE(copy);
  copy = st->role;
  EXPECT_TRUE(copy.has_value());
  copy = std::nullopt;
  EXPECT_FALSE(copy.has_value());
  copy.emplace().appendLiteral("x");
  EXPECT_EQ((*copy).literal(), "x");
  EXPECT_EQ(sizeof(ast::Rare<ast::Text>), sizeof(void *)); // what it is for
}

// A text keeps its placeholders and bytes in one block: built part by part
// it grows (each part at least doubling), copies are deep and equal, a move
// keeps the block, and a text with room reserved but nothing in it copies
// as an empty one.
TEST(AstText, GrowsCopiesAndMovesItsBlock) {
  ast::Text t;
  EXPECT_TRUE(t.literal().empty());
  EXPECT_TRUE(t.placeholders().empty());
  EXPECT_EQ(t.numParts(), 0u);
  std::string want;
  // The names' bytes (a name is its range): room for all of them up front,
  // so that they never move.
  std::string names;
  names.reserve(1024);
  for (int i = 0; i < 200; ++i) {
    const std::string run = "run " + std::to_string(i) + " ";
    t.appendLiteral(run);
    want += run;
    if (i % 3 == 0) {
      ast::Placeholder ph;
      const size_t at = names.size();
      names += "v" + std::to_string(i);
      ph.ref.parts.push_back(ast::Name{llvm::SMRange(llvm::SMLoc::getFromPointer(names.data() + at),
                                                     llvm::SMLoc::getFromPointer(names.data() + names.size()))});
      t.appendPlaceholder(std::move(ph));
      want += "{v" + std::to_string(i) + "}";
    }
  }
  EXPECT_EQ(t.str(), want);
  ASSERT_EQ(t.placeholders().size(), 67u);
  EXPECT_EQ(t.placeholders()[1].ref.str(), "v3");
  EXPECT_EQ(t.placeholders()[1].at, llvm::StringRef("run 0 run 1 run 2 run 3 ").size());
  EXPECT_EQ(t.numParts(), 67u + 68u); // runs with no placeholder between them merge

  ast::Text copy = t;
  EXPECT_EQ(copy.str(), want);
  EXPECT_NE(copy.literal().data(), t.literal().data());
  copy.appendLiteral("!");
  EXPECT_EQ(t.str(), want); // the original is untouched
  EXPECT_EQ(copy.str(), want + "!");

  const char *bytes = t.literal().data();
  ast::Text moved = std::move(t);
  EXPECT_EQ(moved.literal().data(), bytes);
  EXPECT_EQ(moved.str(), want);
  moved = moved; // self-assignment keeps it
  EXPECT_EQ(moved.str(), want);
  copy = moved;
  EXPECT_EQ(copy.str(), want);

  // Its own bytes appended to it: read before the block moves.
  ast::Text twice;
  twice.appendLiteral("0123456789");
  for (int i = 0; i < 4; ++i)
    twice.appendLiteral(twice.literal());
  EXPECT_EQ(twice.literal().size(), 160u);
  EXPECT_EQ(twice.literal().substr(150), "0123456789");
  twice.appendLiteral(twice.literal().substr(3, 4)); // the block full: it moves
  EXPECT_EQ(twice.literal().take_back(4), "3456");
  const char *block = twice.literal().data();
  twice.appendLiteral(twice.literal().substr(0, 2)); // room to spare: it stays
  EXPECT_EQ(twice.literal().data(), block);
  EXPECT_EQ(twice.literal().take_back(6), "345601");

  ast::Text reserved;
  reserved.reserve(64, 2);
  ast::Text fromReserved = reserved;
  EXPECT_TRUE(fromReserved.literal().empty());
  EXPECT_FALSE(fromReserved.hasPlaceholders());
  reserved.appendLiteral("a");
  EXPECT_EQ(reserved.literal(), "a");
  EXPECT_EQ(sizeof(ast::Text), sizeof(void *) + sizeof(llvm::SMRange)); // what it is for
}
