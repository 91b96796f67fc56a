// The language server after edits: a document edited many times (its
// unchanged declarations taken from the previous analysis, Analysis's
// `previous`) gives exactly what a fresh server given the final text gives
// (the diagnostics published, the AST, the outline, the semantic tokens,
// the folding ranges), and an edit inside one step parses only the part
// of the text around it.
#include "ast/dump.h"
#include "lsp/protocol.h"
#include "lsp/server.h"
#include "lsp/transport.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace callflow::lsp;
namespace json = llvm::json;

namespace {

const char *kUri = "file:///t/edited.flow";

// A flow with declarations of every kind, comments and a control character
// between and inside them, sections of steps and top-level steps (one with
// an attribute), and a warning or two to publish.
std::string document(int sections) {
  std::string s = "// edited by the incremental test\n"
                  "flow edited \"Edited flow\"\nstart s0_0\n\n"
                  "catalog USD {\n  300 \"ITEM 300\" 10.00\n  301 \"ITEM 301\" 11.50\n}\n\n"
                  "enum Plan { basic \"Basic\"  pro \"Pro\" }\n\n"
                  "form Ticket \"Ticket\" {\n  title \"Title\" : text required\n"
                  "  plan \"Plan\" : Plan required\n"
                  "  rule \"Pro tickets have a title\" : plan != pro or title is set\n}\n\n"
                  "var agent \"Agent\" : text auto\nvar due \"Due\" : money\n\n";
  for (int i = 0; i < sections; ++i) {
    std::string n = std::to_string(i), next = std::to_string(i + 1);
    s += "/* section " + n + " */\nsection \"Section " + n + "\" by \"Team\" {\n";
    for (int k = 0; k < 3; ++k) {
      std::string id = "s" + n + "_" + std::to_string(k);
      std::string to = k < 2 ? "s" + n + "_" + std::to_string(k + 1) : "t" + n;
      s += "  step " + id + " \"Step " + id + "\" {\n"
           "    say \"Hello {agent}, this is " + id + ".\"\n"
           "    ask \"Go on?\" {\n      \"Yes\" -> " + to + "\n"
           "      \"No\" { say \"Bye.\" end \"declined\" }\n    }\n  }\n";
    }
    s += "}\n\n";
    // A top-level step after each section; every other one has an attribute.
    if (i % 2)
      s += "@allow(unused)\n";
    s += "step t" + n + " \"Top " + n + "\" {\n    charge 300\n    say \"Due: {price 300}\tok\"\n"
         "    " + (i + 1 < sections ? "goto s" + next + "_0" : std::string("end \"done\"")) +
         "\n}\n\n";
  }
  s += "step orphan \"Never reached\" {\n    end \"x\"\n}\n";
  return s;
}

struct Session {
  std::string sink;
  llvm::raw_string_ostream out{sink};
  StringSource none{""};
  Transport transport{none, out, Framing::ContentLength, false};
  Server server{transport, [] {
                  ServerOptions o;
                  o.immediate = true;
                  return o;
                }()};
  int nextId = 100;

  Session(const std::string &text) {
    server.handle(message("initialize", json::Object{}, 0));
    server.handle(message("textDocument/didOpen",
                          json::Object{{"textDocument", json::Object{{"uri", kUri},
                                                                     {"languageId", "callflow"},
                                                                     {"version", 1},
                                                                     {"text", text}}}}));
    server.flush();
  }

  static std::string message(const char *method, json::Value params, int id = -1) {
    json::Object o{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
    if (id >= 0)
      o["id"] = id;
    std::string s;
    llvm::raw_string_ostream(s) << json::Value(std::move(o));
    return s;
  }

  // The messages written since the last call, parsed.
  std::vector<json::Value> take() {
    out.flush();
    std::vector<json::Value> msgs;
    llvm::StringRef rest = sink;
    while (true) {
      size_t body = rest.find("\r\n\r\n");
      if (body == llvm::StringRef::npos)
        break;
      size_t len = 0;
      rest.slice(rest.find(':') + 1, body).trim().getAsInteger(10, len);
      llvm::Expected<json::Value> v = json::parse(rest.substr(body + 4, len));
      EXPECT_TRUE(static_cast<bool>(v));
      if (v)
        msgs.push_back(std::move(*v));
      else
        llvm::consumeError(v.takeError());
      rest = rest.drop_front(body + 4 + len);
    }
    sink.clear();
    return msgs;
  }

  // The diagnostics last published for the document (version dropped).
  std::string diagnostics() {
    server.flush();
    std::string found;
    for (json::Value &m : take()) {
      json::Object *o = m.getAsObject();
      if (o && o->getString("method") == llvm::StringRef("textDocument/publishDiagnostics")) {
        json::Object *p = o->getObject("params");
        if (p && p->getString("uri") == llvm::StringRef(kUri)) {
          p->erase("version");
          found.clear();
          llvm::raw_string_ostream(found) << *p->get("diagnostics");
        }
      }
    }
    return found;
  }

  std::string request(const char *method) {
    int id = nextId++;
    server.handle(message(method, json::Object{{"textDocument", json::Object{{"uri", kUri}}}}, id));
    std::string found;
    for (json::Value &m : take())
      if (json::Object *o = m.getAsObject(); o && o->getInteger("id").getValueOr(-1) == id)
        llvm::raw_string_ostream(found) << *o->get("result");
    return found;
  }

  std::string ast() {
    Analysis *a = server.analysis(kUri);
    std::string s;
    llvm::raw_string_ostream os(s);
    callflow::ast::dumpAst(*a->compilation().root(), a->compilation().sourceMgr(), os);
    for (const callflow::ast::Comment &c : a->compilation().root()->comments) {
      unsigned f;
      size_t b, e;
      EXPECT_TRUE(a->locate(c.range, f, b, e));
      os << "comment " << b << "-" << e << " " << c.text << "\n";
    }
    for (const llvm::SMRange &r : a->compilation().root()->controlChars) {
      unsigned f;
      size_t b, e;
      EXPECT_TRUE(a->locate(r, f, b, e));
      os << "control " << b << "-" << e << "\n";
    }
    return os.str();
  }

  // Replaces [b, e) of `text` (the server's copy too) with `with`.
  void edit(std::string &text, size_t b, size_t e, const std::string &with, int version) {
    LineIndex li(text);
    Position pb = li.position(b), pe = li.position(e);
    json::Object range{{"start", json::Object{{"line", pb.line}, {"character", pb.character}}},
                       {"end", json::Object{{"line", pe.line}, {"character", pe.character}}}};
    server.handle(message(
        "textDocument/didChange",
        json::Object{{"textDocument", json::Object{{"uri", kUri}, {"version", version}}},
                     {"contentChanges",
                      json::Array{json::Object{{"range", std::move(range)}, {"text", with}}}}}));
    text.replace(b, e - b, with);
  }
};

// What a fresh server says about `text`, against what `edited` says.
void expectSameAsFresh(Session &edited, const std::string &text, const std::string &what) {
  std::string diags = edited.diagnostics();
  Session fresh(text);
  EXPECT_EQ(diags, fresh.diagnostics()) << what;
  EXPECT_EQ(edited.ast(), fresh.ast()) << what;
  EXPECT_EQ(edited.request("textDocument/documentSymbol"),
            fresh.request("textDocument/documentSymbol"))
      << what;
  EXPECT_EQ(edited.request("textDocument/semanticTokens/full"),
            fresh.request("textDocument/semanticTokens/full"))
      << what;
  EXPECT_EQ(edited.request("textDocument/foldingRange"),
            fresh.request("textDocument/foldingRange"))
      << what;
}

size_t find(const std::string &text, const std::string &what, size_t from = 0) {
  size_t at = text.find(what, from);
  EXPECT_NE(at, std::string::npos) << what;
  return at == std::string::npos ? 0 : at;
}

TEST(Incremental, EditsGiveWhatAFreshCheckGives) {
  std::string text = document(12);
  Session s(text);
  EXPECT_EQ(s.server.analysis(kUri)->parsedBytes(), text.size());
  s.diagnostics();
  int v = 2;
  auto parsed = [&] { return s.server.analysis(kUri)->parsedBytes(); };
  auto reused = [&] { return s.server.analysis(kUri)->reusedDecls(); };

  // Typing into a say of a step in the middle: only its section is parsed.
  size_t at = find(text, "this is s6_1") + 8;
  for (char c : std::string("abc")) {
    s.edit(text, at, at, std::string(1, c), v++);
    ++at;
    expectSameAsFresh(s, text, "typing in s6_1");
    EXPECT_LT(parsed(), text.size() / 8);
    EXPECT_GT(reused(), 20u);
  }
  // A new top-level step between two others, then deleting one.
  at = find(text, "step t7 ");
  s.edit(text, at, at, "step added \"Added\" {\n    goto t7\n}\n\n", v++);
  expectSameAsFresh(s, text, "step added");
  EXPECT_LT(parsed(), text.size() / 8);
  size_t b = find(text, "@allow(unused)\nstep t3 "), e = find(text, "/* section 4 */");
  s.edit(text, b, e, "", v++);
  expectSameAsFresh(s, text, "t3 deleted (s3_2 now jumps nowhere)");
  EXPECT_TRUE(s.server.analysis(kUri)->compilation().rootParsedClean());
  // The first declaration, the last one, a comment between two.
  at = find(text, "Edited flow");
  s.edit(text, at, at + 6, "Changed", v++);
  expectSameAsFresh(s, text, "flow title");
  at = find(text, "Never reached");
  s.edit(text, at, at, "Still ", v++);
  expectSameAsFresh(s, text, "last step");
  at = find(text, "/* section 9 */") + 3;
  s.edit(text, at, at, "the ", v++);
  expectSameAsFresh(s, text, "comment");
  // A step ID renamed: jumps to it now go nowhere.
  at = find(text, "step s8_2 ") + 5;
  s.edit(text, at, at + 4, "s8_x", v++);
  expectSameAsFresh(s, text, "s8_2 renamed");
  // A syntax error (the whole text is parsed with recovery), two edits
  // while it is there, then fixed; then small edits are cheap again.
  at = find(text, "step s5_0 \"Step s5_0\" {") + 22;
  s.edit(text, at, at + 1, "", v++);
  expectSameAsFresh(s, text, "brace removed");
  EXPECT_EQ(parsed(), text.size());
  at = find(text, "this is s2_0");
  s.edit(text, at, at, "x", v++);
  expectSameAsFresh(s, text, "typing while the error is there");
  at = find(text, "step s5_0 \"Step s5_0\" ") + 22;
  s.edit(text, at, at, "{", v++);
  expectSameAsFresh(s, text, "brace back");
  EXPECT_TRUE(s.server.analysis(kUri)->compilation().rootParsedClean());
  at = find(text, "this is s10_2") + 8;
  s.edit(text, at, at, "y", v++);
  expectSameAsFresh(s, text, "typing after the fix");
  EXPECT_LT(parsed(), text.size() / 8);
  // Typing right before a `step` keyword and at its start.
  at = find(text, "step t9 ");
  s.edit(text, at, at, "x", v++);
  expectSameAsFresh(s, text, "xstep");
  s.edit(text, at, at + 1, "", v++);
  expectSameAsFresh(s, text, "xstep undone");
  // One edit across two sections, and two changes in one notification.
  b = find(text, "this is s1_2");
  e = find(text, "this is s2_1");
  s.edit(text, b, e, "this is merged", v++);
  expectSameAsFresh(s, text, "across sections");
  {
    std::string before = text;
    size_t p1 = find(text, "Bye.", find(text, "s4_1"));
    size_t p2 = find(text, "Bye.", find(text, "s9_0"));
    LineIndex li(text);
    auto pos = [&](size_t off) {
      Position p = li.position(off);
      return json::Object{{"line", p.line}, {"character", p.character}};
    };
    // The second change's range is in the text after the first.
    text.replace(p1, 4, "Ciao");
    s.server.handle(Session::message(
        "textDocument/didChange",
        json::Object{
            {"textDocument", json::Object{{"uri", kUri}, {"version", v++}}},
            {"contentChanges",
             json::Array{json::Object{{"range", json::Object{{"start", pos(p1)}, {"end", pos(p1 + 4)}}},
                                      {"text", "Ciao"}},
                         json::Object{{"range", json::Object{{"start", pos(p2)}, {"end", pos(p2 + 4)}}},
                                      {"text", "Adios"}}}}}));
    text.replace(p2, 4, "Adios");
    EXPECT_NE(text, before);
    expectSameAsFresh(s, text, "two changes");
  }
  // Everything replaced (no range).
  text = document(3);
  s.server.handle(Session::message(
      "textDocument/didChange",
      json::Object{{"textDocument", json::Object{{"uri", kUri}, {"version", v++}}},
                   {"contentChanges", json::Array{json::Object{{"text", text}}}}}));
  expectSameAsFresh(s, text, "whole text");
}

} // namespace
