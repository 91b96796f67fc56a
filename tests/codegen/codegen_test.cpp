// Codegen end to end: every sample compiles to bytecode the verifier accepts,
// smaller than half its source, and a small flow runs as written.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"

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

TEST(Codegen, SamplesCompileSmallAndVerify) {
  namespace fs = std::filesystem;
  size_t compiled = 0;
  for (const auto &entry : fs::recursive_directory_iterator(std::string(CALLFLOW_SOURCE_DIR) + "/samples")) {
    if (entry.path().extension() != ".flow") continue;
    driver::Compilation c;
    ASSERT_TRUE(c.load(entry.path().string()));
    const sema::Program *p = c.check();
    if (!p || !p->clean) continue; // libraries of shared declarations, contract examples
    codegen::Result r = codegen::generate(*p, c.sourceMgr());
    ASSERT_TRUE(r) << entry.path() << ": " << r.error;
    EXPECT_FALSE(verifyBytecode(r.bytes).has_value()) << entry.path() << ": " << verifyBytecode(r.bytes)->str();
    uint64_t sourceSize = 0;
    for (const ast::File *f : c.files()) sourceSize += fs::file_size(f->path);
    EXPECT_LE(double(r.bytes.size()), 0.5 * double(sourceSize)) << entry.path();
    ++compiled;
  }
  EXPECT_GT(compiled, 0u);
}

} // namespace
} // namespace callflow
