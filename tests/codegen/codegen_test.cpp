// Codegen end to end: every sample compiles to bytecode the verifier accepts,
// smaller than half its source, and a small flow runs as written.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "codegen/codegen.h"
#include "codegen/compile_file.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow {
namespace {

codegen::Result compileBuffer(const std::string &source, const std::string &name) {
  driver::Compilation c;
  EXPECT_TRUE(c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, name)));
  const sema::Program *p = c.check();
  if (!p) return {{}, "nothing loaded"};
  return codegen::generate(*p, c.sourceMgr());
}

TEST(Codegen, SmallFlowRuns) {
  const std::string src = R"(flow demo "Demo"
start A
var name "Caller name" : text
catalog USD { 320 "PAY AS YOU GO REMOTE SESSION" 20.00 }
step A "Greeting" {
  say "Hello."
  input name "Name?"
  ask "Remote session for {name}?" {
    "Yes" -> B
    "No" { say "Okay." }
  }
  end "no session"
}
step B {
  say "That is {price 320}."
  charge 320
  invoice
  take payment
  transfer "Remote Agent"
}
)";
  codegen::Result r = compileBuffer(src, "demo.flow");
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  Session s(*l.program);
  EXPECT_EQ(s.next().text, "Hello.");
  ASSERT_EQ(s.next().kind, EventKind::Input);
  ASSERT_TRUE(s.provide("Ann"));
  EXPECT_EQ(s.next().text, "Remote session for Ann?");
  ASSERT_TRUE(s.choose(0));
  EXPECT_EQ(s.next().text, "That is $20.00.");
  EXPECT_EQ(s.next().kind, EventKind::Charge);
  EXPECT_EQ(s.next().kind, EventKind::Invoice);
  ASSERT_EQ(s.next().kind, EventKind::TakePayment);
  ASSERT_TRUE(s.acceptPayment());
  EXPECT_EQ(s.next().kind, EventKind::Transfer);
  std::string d = disassemble(*l.program);
  EXPECT_NE(d.find("; demo.flow:6"), std::string::npos) << d;

  Session no(*l.program);
  while (no.next().kind != EventKind::Ask) {
    if (no.current().waiting) {
      ASSERT_TRUE(no.provide("Bo"));
    }
  }
  ASSERT_TRUE(no.choose(1));
  EXPECT_EQ(no.next().text, "Okay.");
  EXPECT_EQ(no.next().text, "no session");
}

// Codegen generates a text once per spelling and reuses it where the same
// line is written again with its placeholders naming the same things (a
// flow repeats its lines word for word). A repeat renders the values of its
// own moment, in every construct that holds a text (say, note, a text
// value, a question, an option's label, an end's reason), and a line
// spelled differently (blanks inside a placeholder) is the same text.
TEST(Codegen, ARepeatedLineIsOneTextRenderedWithItsOwnValues) {
  const std::string src = R"(flow demo
start A
var x : text = "one"
step A {
  say "Hi {x}."
  say "Now {x}, again {x}."
  set x = "two"
  say "Now {x}, again {x}."
  say "Now { x }, again {x}."
  note "Now {x}, again {x}."
  say "Hi {x}."
  set x = "Now {x}, again {x}."
  say "{x}"
  ask "Now {x}, again {x}." {
    "Now {x}, again {x}." -> B
    "Now" -> B
  }
}
step B {
  end "Now {x}, again {x}."
}
)";
  codegen::Result r = compileBuffer(src, "repeat.flow");
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  Session s(*l.program);
  EXPECT_EQ(s.next().text, "Hi one.");
  EXPECT_EQ(s.next().text, "Now one, again one.");
  EXPECT_EQ(s.next().text, "Now two, again two.");
  EXPECT_EQ(s.next().text, "Now two, again two.");
  const Event &note = s.next();
  EXPECT_EQ(note.kind, EventKind::Note);
  EXPECT_EQ(note.text, "Now two, again two.");
  EXPECT_EQ(s.next().text, "Hi two.");
  EXPECT_EQ(s.next().text, "Now two, again two."); // x set to the line, said
  const std::string twice = "Now Now two, again two., again Now two, again two..";
  const Event &ask = s.next();
  ASSERT_EQ(ask.kind, EventKind::Ask);
  EXPECT_EQ(ask.text, twice);
  ASSERT_EQ(ask.options.size(), 2u);
  EXPECT_EQ(ask.options[0], twice);
  ASSERT_TRUE(s.choose(0));
  const Event &end = s.next();
  EXPECT_EQ(end.kind, EventKind::End);
  EXPECT_EQ(end.text, twice);
}

/// Bytes of one section of a serialized program of format 5 or 6 (from its
/// varint section table; 0 for a section left out).
uint32_t sectionSize(const std::vector<uint8_t> &b, bc::SectionKind kind) {
  EXPECT_GE(bc::readU16(b.data() + 4), bc::kCompactFormat);
  const uint8_t *p = b.data() + 7, *end = b.data() + b.size();
  uint64_t size = 0, mask = 0, len = 0;
  if (!bc::readVarint(p, end, size) || !bc::readVarint(p, end, mask)) return 0;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    if (!((mask >> k) & 1)) continue;
    if (!bc::readVarint(p, end, len)) return 0;
    if (k + 1 == uint32_t(kind)) return uint32_t(len);
  }
  return 0;
}

TEST(Codegen, TheLanguageOfTheFlowIsStoredInTheHeader) {
  // Decided at compile time from the titles and the literal parts of the
  // texts (field and step names do not count), so that a host reads one
  // field instead of scanning the program (flowrun --lang=auto).
  const std::string ru = "flow demo \"Приём звонка\"\nstart A\nvar customer_name \"Имя\" : text\n"
                         "step A \"Приветствие\" {\n  say \"Здравствуйте, {customer_name}.\"\n  end\n}\n";
  const std::string en = "flow demo \"Demo\"\nstart A\nstep A {\n  say \"Hello, caller.\"\n  end\n}\n";
  // Latin names, one short Russian line: still more Cyrillic letters.
  const std::string mixed = "flow demo\nstart A\nstep A {\n  say \"Добрый день\"\n  end\n}\n";
  // Every time a literal is compiled counts, a repeated one too (codegen
  // counts a literal's letters once and adds them at each use): a Russian
  // line of 10 letters twice outweighs an English one of 16, once does not.
  const std::string repeated = "flow demo\nstart A\nstep A {\n  say \"Hello there, caller\"\n"
                               "  say \"Добрый день, {x}\"\n  say \"Добрый день, {x}\"\n  end\n}\n"
                               "var x : text = \"q\"\n";
  const std::string once = "flow demo\nstart A\nstep A {\n  say \"Hello there, caller\"\n"
                           "  say \"Добрый день, {x}\"\n  end\n}\nvar x : text = \"q\"\n";
  struct Case {
    const std::string *src;
    bc::Language lang;
  } cases[] = {{&ru, bc::Language::Ru},       {&en, bc::Language::En},  {&mixed, bc::Language::Ru},
               {&repeated, bc::Language::Ru}, {&once, bc::Language::En}};
  for (const Case &c : cases) {
    codegen::Result r = compileBuffer(*c.src, "lang.flow");
    ASSERT_TRUE(r) << r.error;
    ASSERT_GE(r.bytes.size(), 8u);
    EXPECT_EQ(r.bytes[6], uint8_t(c.lang)) << *c.src; // format 5: one byte
    Loaded l = Program::load(r.bytes);
    ASSERT_TRUE(l) << l.error.str();
    EXPECT_EQ(l.program->language(), c.lang) << *c.src;
  }
}

// Every sample that checks clean compiles to bytecode the verifier accepts,
// at most half the size of its source (issue 21): the text-heavy ones too
// (seed 003 is Cyrillic prose, the contract excerpts English prose) and
// the small ones, whose header format 5 keeps to a few bytes.
TEST(Codegen, SamplesCompileSmallAndVerify) {
  namespace fs = std::filesystem;
  size_t compiled = 0;
  for (const auto &entry : fs::recursive_directory_iterator(std::string(CALLFLOW_SOURCE_DIR) + "/samples")) {
    if (entry.path().extension() != ".flow") continue;
    driver::Compilation c;
    ASSERT_TRUE(c.load(entry.path().string()));
    const sema::Program *p = c.check();
    if (!p || !p->clean) continue; // libraries of shared declarations
    codegen::Result r = codegen::generate(*p, c.sourceMgr());
    ASSERT_TRUE(r) << entry.path() << ": " << r.error;
    EXPECT_FALSE(verifyBytecode(r.bytes).has_value()) << entry.path() << ": " << verifyBytecode(r.bytes)->str();
    uint64_t sourceSize = 0;
    for (const ast::File *f : c.files()) sourceSize += fs::file_size(f->path);
    const double strings = sectionSize(r.bytes, bc::SectionKind::Strings);
    const double size = double(r.bytes.size());
    std::printf("%s: %zu bytes of bytecode / %llu of source = %.3f (strings %.0f)\n",
                entry.path().filename().c_str(), r.bytes.size(), (unsigned long long)sourceSize,
                size / double(sourceSize), strings);
    EXPECT_LE(size, 0.5 * double(sourceSize)) << entry.path();
    EXPECT_GT(strings, 0) << entry.path();
    ++compiled;
  }
  EXPECT_GE(compiled, 4u);
}

// The bytes depend on the flow, not on where the checkout lives: file
// names in the bytecode are recorded relative to the project root. (CI
// builds in a different directory than developers do; an absolute path
// once made the same sample compile to a different size there.)
TEST(Codegen, BytesDoNotDependOnTheCheckoutLocation) {
  namespace fs = std::filesystem;
  const fs::path sample = fs::path(CALLFLOW_SOURCE_DIR) / "samples" / "contract";
  const fs::path tmp = fs::temp_directory_path() / ("callflow_repro_" + std::to_string(::getpid()));
  std::vector<uint8_t> first;
  for (const char *where : {"a", "somewhere/much/deeper/in/the/tree"}) {
    const fs::path dir = tmp / where / "contract";
    fs::create_directories(dir);
    fs::copy(sample, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    fs::create_directories(dir / ".git"); // the project root
    driver::CompileOptions opts;
    std::string diags;
    llvm::raw_string_ostream os(diags);
    codegen::CompiledFile out = codegen::compileFile((dir / "pay_as_you_go.flow").string(), opts, os, false);
    ASSERT_TRUE(out) << out.error << diags;
    // The strings are coded (format 5): look at them as the runtime reads them.
    Loaded l = Program::load(out.bytes);
    ASSERT_TRUE(l) << l.error.str();
    for (uint32_t i = 0; i < l.program->numStrings(); ++i)
      EXPECT_EQ(l.program->string(i).find(tmp.string()), std::string::npos) << "an absolute path is in the bytecode";
    EXPECT_NE(std::string(l.program->sourceFile()).find("pay_as_you_go.flow"), std::string::npos)
        << "the source file is recorded by its relative name";
    if (first.empty()) first = out.bytes;
    else EXPECT_EQ(first, out.bytes);
  }
  fs::remove_all(tmp);
}

} // namespace
} // namespace callflow
