// compiler/lsp: positions, URIs, the transport and the server's answers to
// malformed, unknown and hostile input.
#include "lsp/protocol.h"
#include "lsp/server.h"
#include "lsp/transport.h"

#include <gtest/gtest.h>

using namespace callflow::lsp;

namespace {

TEST(LineIndex, Utf16Columns) {
  // "a😀é|b": the emoji is 4 bytes and 2 UTF-16 units, é 2 bytes and 1 unit.
  std::string text = "x\na\xF0\x9F\x98\x80\xC3\xA9" "b\n";
  LineIndex li(text);
  Position p = li.position(text.find('b'));
  EXPECT_EQ(p.line, 1u);
  EXPECT_EQ(p.character, 4u);
  EXPECT_EQ(li.offset({1, 4}), text.find('b'));
  // Inside the surrogate pair: before the emoji, never inside its bytes.
  EXPECT_EQ(li.offset({1, 2}), 3u);
  // Past the end of a line or of the text: clamped.
  EXPECT_EQ(li.offset({0, 99}), 1u);
  EXPECT_EQ(li.offset({99, 0}), text.size());
}

TEST(LineIndex, InvalidUtf8CountsOneUnitPerByte) {
  std::string text = "\xFF\xFEz";
  LineIndex li(text);
  EXPECT_EQ(li.position(2).character, 2u);
  EXPECT_EQ(utf16Length("\xE2\x82"), 1u); // truncated sequence: no read past the end
}

TEST(Uri, RoundTrip) {
  std::string path = "/tmp/a b/%c#.flow";
  std::string uri = pathToUri(path);
  EXPECT_EQ(uri, "file:///tmp/a%20b/%25c%23.flow");
  EXPECT_EQ(uriToPath(uri), path);
  EXPECT_EQ(uriToPath("untitled:1"), "");
  EXPECT_EQ(uriToPath("file:///x%2"), "/x%2");
}

std::vector<std::string> readAll(std::string input, Framing f, size_t limit = 1 << 20) {
  StringSource in(std::move(input));
  std::string sink;
  llvm::raw_string_ostream out(sink);
  Transport t(in, out, f, false);
  t.maxMessageBytes = limit;
  std::vector<std::string> got;
  while (auto m = t.read())
    got.push_back(m->text);
  return got;
}

TEST(Transport, ContentLength) {
  auto got = readAll("Content-Length: 2\r\n\r\n{}content-length:3\r\nX: y\r\n\r\n[1]"
                     "Content-Length: nope\r\n\r\n"
                     "Content-Length: 10\r\n\r\n{}", // truncated at the end of input
                     Framing::ContentLength);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "{}");
  EXPECT_EQ(got[1], "[1]");
}

TEST(Transport, OversizedMessageIsDropped) {
  auto got = readAll("Content-Length: 20\r\n\r\n01234567890123456789Content-Length: 2\r\n\r\n{}",
                     Framing::ContentLength, 10);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "{}");
}

TEST(Transport, Delimited) {
  auto got = readAll("# comment\n{\"a\":\n1}\n---\n\n---\n[2]", Framing::Delimited);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "{\"a\":\n1}\n");
  EXPECT_EQ(got[1], "[2]\n");
}

// Runs a server over `messages` (transcript framing) and returns its output.
std::string serve(const std::vector<std::string> &messages, int *status = nullptr,
                  size_t maxDoc = 1 << 20) {
  std::string input;
  for (const std::string &m : messages)
    input += m + "\n---\n";
  StringSource in(input);
  std::string sink;
  llvm::raw_string_ostream out(sink);
  Transport t(in, out, Framing::Delimited, false);
  ServerOptions so;
  so.immediate = true;
  so.maxDocumentBytes = maxDoc;
  Server s(t, so);
  int rc = s.run();
  if (status)
    *status = rc;
  out.flush();
  return sink;
}

const char *kInit = R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})";

std::string open(const std::string &textJson) {
  return R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":)"
         R"({"uri":"file:///t/x.flow","version":1,"text":)" + textJson + "}}}";
}

TEST(Server, WrongParamTypesAnswerErrorsNotCrashes) {
  std::string out = serve({kInit, open("\"flow x\\nstart A\\nstep A { end }\\n\""),
      R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///t/x.flow"},"position":"here"}})",
      R"({"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":[]})",
      R"({"jsonrpc":"2.0","id":3,"method":"textDocument/rename","params":{"textDocument":{"uri":"file:///t/x.flow"},"position":{"line":4294967295,"character":4294967295},"newName":7}})",
      R"({"jsonrpc":"2.0","id":4,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///nope.flow"},"position":{"line":0,"character":0}}})",
      R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///t/x.flow","version":2},"contentChanges":[{"range":{"start":{"line":90,"character":0},"end":{"line":0,"character":0}},"text":"zz"}]}})",
      R"({"jsonrpc":"2.0","id":5,"method":"textDocument/formatting","params":{"textDocument":{"uri":"file:///t/x.flow"}}})",
      R"({"jsonrpc":"2.0","id":6,"method":"shutdown"})", R"({"jsonrpc":"2.0","method":"exit"})"});
  EXPECT_NE(out.find(R"("error":{"code":-32602,"message":"hover needs textDocument and position"},"id":1)"),
            std::string::npos) << out;
  EXPECT_NE(out.find(R"("id":2,"jsonrpc":"2.0","result":null)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("code":-32803,"message":"nothing that can be renamed here"},"id":3)"),
            std::string::npos) << out;
  EXPECT_NE(out.find(R"("id":4,"jsonrpc":"2.0","result":[])"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("id":6,"jsonrpc":"2.0","result":null)"), std::string::npos) << out;
}

TEST(Server, NulAndLoneSurrogateInTextAreDiagnosed) {
  // JSON cannot carry invalid UTF-8; a lone surrogate becomes U+FFFD, and a
  // NUL byte reaches the compiler, which refuses the file with E0004.
  std::string out = serve({kInit, open(R"("flow x\u0000 \ud800\nstep")")});
  EXPECT_NE(out.find("\"code\":\"E0004\""), std::string::npos) << out;
}

TEST(Server, DocumentOverTheLimitGetsOneDiagnostic) {
  std::string big(5000, ' ');
  std::string out = serve({kInit, open("\"" + big + "\"")}, nullptr, 1000);
  EXPECT_NE(out.find("more than the server's limit of 1000"), std::string::npos) << out;
}

TEST(Server, ExitStatus) {
  int rc = -1;
  serve({kInit, R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})", R"({"jsonrpc":"2.0","method":"exit"})"}, &rc);
  EXPECT_EQ(rc, 0);
  serve({kInit, R"({"jsonrpc":"2.0","method":"exit"})"}, &rc);
  EXPECT_EQ(rc, 1);
  serve({kInit}, &rc); // end of input without exit
  EXPECT_EQ(rc, 1);
}

TEST(Server, DeeplyNestedJsonIsAnErrorNotAStackOverflow) {
  std::string deep(100000, '[');
  std::string out = serve({kInit, deep});
  EXPECT_NE(out.find("-32700"), std::string::npos) << out.substr(0, 400);
}

} // namespace
