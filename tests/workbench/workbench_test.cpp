// The designer's workbench (workbench/): requests in, responses out, no
// socket. Security refusals (Host, Origin, paths leaving the directory),
// malformed bodies, the files API, analyze, hover, definition and simulate
// (the seed-000 Pay-As-You-Go call of samples/anything_computers).
#include "workbench/workbench.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace callflow;
namespace fs = llvm::sys::fs;

namespace {

const std::string kSource = CALLFLOW_SOURCE_DIR;

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

const char *kHello = "flow hello \"Hello\"\n"
                     "start A\n"
                     "step A \"Greet\" {\n"
                     "  say \"Hi there\"\n"
                     "  ask \"Go on?\" {\n"
                     "    \"Yes\" -> B\n"
                     "    \"No\" { end \"no\" }\n"
                     "  }\n"
                     "}\n"
                     "step B \"Bye\" {\n"
                     "  end \"done\"\n"
                     "}\n";

struct Project {
  std::string dir, outside;
  Project() {
    llvm::SmallString<128> d, o;
    EXPECT_FALSE(fs::createUniqueDirectory("callflow-workbench-test", d));
    EXPECT_FALSE(fs::createUniqueDirectory("callflow-workbench-outside", o));
    fs::real_path(d, d);
    fs::real_path(o, o);
    dir = std::string(d);
    outside = std::string(o);
    writeFile(dir + "/hello.flow", kHello);
    fs::create_directory(dir + "/sub");
    writeFile(dir + "/sub/other.flow", kHello);
    fs::create_directory(dir + "/.hidden");
    writeFile(dir + "/.hidden/secret.flow", kHello);
    writeFile(dir + "/notes.txt", "not a flow");
    writeFile(outside + "/secret.flow", "flow secret\n");
    fs::create_link(outside + "/secret.flow", dir + "/link_out.flow");
    fs::create_link(outside, dir + "/dir_out");
    fs::create_link(dir + "/hello.flow", dir + "/link_in.flow");
  }
  ~Project() {
    fs::remove_directories(dir);
    fs::remove_directories(outside);
  }
};

workbench::Options optionsFor(const std::string &dir) {
  workbench::Options o;
  o.dir = dir;
  o.port = 8788;
  o.compile.threads = 1;
  return o;
}

http::Response request(workbench::Workbench &wb, const std::string &method, const std::string &path,
                       const std::string &body = "", std::map<std::string, std::string> headers = {}) {
  http::Request r;
  r.method = method;
  r.path = path;
  r.body = body;
  r.headers = std::move(headers);
  if (!r.headers.count("host")) r.headers["host"] = "127.0.0.1:8788";
  return wb.handle(r);
}

std::string eventsText(const llvm::json::Object &s) {
  std::string out;
  llvm::raw_string_ostream os(out);
  if (const llvm::json::Array *a = s.getArray("events"))
    for (const llvm::json::Value &v : *a) os << v << "\n";
  return os.str();
}

llvm::json::Object parse(const http::Response &r) {
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(r.body);
  if (!v) {
    ADD_FAILURE() << "not JSON: " << llvm::toString(v.takeError()) << "\n" << r.body;
    return {};
  }
  if (!v->getAsObject()) {
    ADD_FAILURE() << "not an object: " << r.body;
    return {};
  }
  return *v->getAsObject();
}

std::string body(std::initializer_list<std::pair<std::string, llvm::json::Value>> members) {
  llvm::json::Object o;
  for (const auto &[k, v] : members) o[k] = v;
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::json::Value(std::move(o));
  return os.str();
}

// ---- security -----------------------------------------------------------------

TEST(WorkbenchSecurity, HostMustBeTheServers) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  EXPECT_EQ(request(wb, "GET", "/api/files").status, 200);
  for (const char *ok : {"127.0.0.1:8788", "localhost:8788", "LOCALHOST:8788", "[::1]:8788"})
    EXPECT_EQ(request(wb, "GET", "/api/files", "", {{"host", ok}}).status, 200) << ok;
  // DNS rebinding: the attacker's name resolves here, the Host says so.
  for (const char *bad : {"evil.example:8788", "evil.example", "127.0.0.1:8789", "127.0.0.1", "localhost.evil.example:8788", ""}) {
    http::Response r = request(wb, "GET", "/api/files", "", {{"host", bad}});
    EXPECT_EQ(r.status, 403) << bad;
    EXPECT_NE(r.body.find("error"), std::string::npos);
  }
  // The page itself is refused too under a foreign name.
  EXPECT_EQ(request(wb, "GET", "/", "", {{"host", "evil.example:8788"}}).status, 403);
}

TEST(WorkbenchSecurity, OriginMustBeTheServers) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  const std::string b = body({{"path", "hello.flow"}, {"text", kHello}});
  EXPECT_EQ(request(wb, "POST", "/api/analyze", b, {{"origin", "http://127.0.0.1:8788"}}).status, 200);
  EXPECT_EQ(request(wb, "POST", "/api/analyze", b, {{"origin", "http://localhost:8788"}}).status, 200);
  for (const char *bad : {"http://evil.example", "https://127.0.0.1:8788", "http://127.0.0.1:9999", "null", "file://"}) {
    EXPECT_EQ(request(wb, "POST", "/api/analyze", b, {{"origin", bad}}).status, 403) << bad;
    EXPECT_EQ(request(wb, "PUT", "/api/files/hello.flow", body({{"text", "x"}}), {{"origin", bad}}).status, 403) << bad;
  }
  EXPECT_EQ(readFile(p.dir + "/hello.flow"), kHello); // nothing was written
  EXPECT_EQ(request(wb, "POST", "/api/analyze", b, {{"sec-fetch-site", "cross-site"}}).status, 403);
  EXPECT_EQ(request(wb, "POST", "/api/analyze", b, {{"sec-fetch-site", "same-site"}}).status, 403);
  EXPECT_EQ(request(wb, "POST", "/api/analyze", b, {{"sec-fetch-site", "same-origin"}}).status, 200);
}

TEST(WorkbenchSecurity, PathsStayInTheDirectory) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  EXPECT_EQ(request(wb, "GET", "/api/files/hello.flow").status, 200);
  EXPECT_EQ(request(wb, "GET", "/api/files/sub/other.flow").status, 200);
  EXPECT_EQ(request(wb, "GET", "/api/files/link_in.flow").status, 200); // a link that stays inside
  for (const std::string bad : {"/api/files/../secret.flow", "/api/files/sub/../../x.flow", "/api/files//etc/passwd",
                                "/api/files/link_out.flow", "/api/files/dir_out/secret.flow", "/api/files/./hello.flow",
                                "/api/files/sub//other.flow", "/api/files/notes.txt", "/api/files/a\\..\\b.flow"}) {
    http::Response r = request(wb, "GET", bad);
    EXPECT_EQ(r.status, 403) << bad << " " << r.body;
  }
  const std::string put = body({{"text", "flow evil\n"}});
  for (const std::string bad : {"/api/files/../evil.flow", "/api/files/link_out.flow", "/api/files/dir_out/new.flow",
                                "/api/files//tmp/evil.flow", "/api/files/evil.sh"}) {
    EXPECT_EQ(request(wb, "PUT", bad, put).status, 403) << bad;
  }
  EXPECT_EQ(readFile(p.outside + "/secret.flow"), "flow secret\n");
  EXPECT_FALSE(fs::exists(p.outside + "/new.flow"));
  // The path of an analysis or a simulation is checked the same way.
  for (const char *bad : {"../x.flow", "/etc/passwd", "dir_out/secret.flow", ""}) {
    EXPECT_EQ(request(wb, "POST", "/api/analyze", body({{"path", bad}, {"text", kHello}})).status, 403) << bad;
    EXPECT_EQ(request(wb, "POST", "/api/simulate", body({{"path", bad}, {"text", kHello}})).status, 403) << bad;
  }
}

TEST(WorkbenchSecurity, ResolveInside) {
  Project p;
  std::string abs, why;
  EXPECT_TRUE(workbench::resolveInside(p.dir, "new/place.flow", abs, why)); // need not exist
  EXPECT_EQ(abs, p.dir + "/new/place.flow");
  EXPECT_FALSE(workbench::resolveInside(p.dir, "dir_out", abs, why));
  EXPECT_NE(why.find("outside"), std::string::npos) << why;
  EXPECT_FALSE(workbench::resolveInside(p.dir, "a/", abs, why));
  EXPECT_FALSE(workbench::resolveInside(p.dir, std::string("a\0b", 3), abs, why));
  fs::create_link(p.outside + "/missing", p.dir + "/dangling.flow");
  EXPECT_FALSE(workbench::resolveInside(p.dir, "dangling.flow", abs, why));
}

// ---- bodies and routes ------------------------------------------------------------

TEST(WorkbenchRequests, MalformedBodiesAre400) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  for (const char *route : {"/api/analyze", "/api/simulate", "/api/hover", "/api/definition"}) {
    for (const std::string bad : {"", "{", "[]", "\"text\"", "{\"path\": 3, \"text\": \"x\"}", "{\"path\": \"hello.flow\"}"}) {
      http::Response r = request(wb, "POST", route, bad);
      EXPECT_EQ(r.status, 400) << route << " " << bad << " " << r.body;
      EXPECT_TRUE(parse(r).getString("error")) << r.body;
    }
  }
  EXPECT_EQ(request(wb, "PUT", "/api/files/hello.flow", "{\"text\": 1}").status, 400);
  EXPECT_EQ(request(wb, "POST", "/api/simulate", body({{"path", "hello.flow"}, {"text", kHello}, {"answers", "choose 1"}})).status, 400);
  EXPECT_EQ(request(wb, "POST", "/api/hover", body({{"path", "hello.flow"}, {"text", kHello}, {"line", 0}, {"column", 1}})).status, 400);
  // "set" is read as the agent desktop reads it (host/supplies_json.h).
  EXPECT_EQ(request(wb, "POST", "/api/simulate", body({{"path", "hello.flow"}, {"text", kHello}, {"set", llvm::json::Array{1}}})).status, 400);
  http::Response unknown = request(wb, "POST", "/api/simulate",
                                   body({{"path", "hello.flow"}, {"text", kHello}, {"set", llvm::json::Object{{"nope", "x"}}}}));
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(*parse(unknown).getString("error"), "set: there is no variable or field 'nope'");
  http::Response nested = request(wb, "POST", "/api/simulate",
                                  body({{"path", "hello.flow"}, {"text", kHello}, {"set", llvm::json::Object{{"x", llvm::json::Array{}}}}}));
  EXPECT_EQ(nested.status, 422) << nested.body; // 'x' is not a slot: the name is checked first
  EXPECT_EQ(request(wb, "GET", "/api/nothing").status, 404);
  EXPECT_EQ(request(wb, "DELETE", "/api/files/hello.flow").status, 405);
  EXPECT_EQ(request(wb, "GET", "/api/analyze").status, 405);
}

TEST(WorkbenchRequests, ThePageAndItsAssets) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  http::Response page = request(wb, "GET", "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.contentType, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("callflow workbench"), std::string::npos);
  bool csp = false;
  for (const auto &[k, v] : page.headers)
    if (k == "Content-Security-Policy") {
      csp = true;
      EXPECT_NE(v.find("script-src 'self'"), std::string::npos);
      EXPECT_EQ(v.find("unsafe-inline"), std::string::npos);
    }
  EXPECT_TRUE(csp);
  for (const char *asset : {"/assets/app.js", "/assets/editor.js", "/assets/svg.js", "/assets/style.css",
                            "/assets/call.js", "/assets/call.css", "/assets/dom.js", "/assets/i18n.js"})
    EXPECT_EQ(request(wb, "GET", asset).status, 200) << asset;
  EXPECT_EQ(request(wb, "GET", "/assets/../app.js").status, 404);
  EXPECT_EQ(request(wb, "GET", "/assets/index.html").status, 404);
  // Nothing of the page's own scripts parses HTML; only svg.js parses the
  // flowchart, as XML, and rebuilds it from a whitelist.
  for (const char *asset : {"/assets/app.js", "/assets/editor.js", "/assets/call.js", "/assets/dom.js"}) {
    const std::string js = request(wb, "GET", asset).body;
    for (const char *sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                             "DOMParser", "srcdoc"})
      EXPECT_EQ(js.find(sink), std::string::npos) << asset << " uses " << sink;
  }
  const std::string svg = request(wb, "GET", "/assets/svg.js").body;
  EXPECT_EQ(svg.find("innerHTML"), std::string::npos);
  EXPECT_NE(svg.find("image/svg+xml"), std::string::npos);
}

// ---- files ---------------------------------------------------------------------------

TEST(WorkbenchFiles, ListReadWrite) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  llvm::json::Object list = parse(request(wb, "GET", "/api/files"));
  std::vector<std::string> paths;
  for (const llvm::json::Value &f : *list.getArray("files")) paths.push_back(f.getAsObject()->getString("path")->str());
  // Hidden folders, other files and links leaving the directory are not listed.
  EXPECT_EQ(paths, (std::vector<std::string>{"hello.flow", "link_in.flow", "sub/other.flow"}));

  llvm::json::Object got = parse(request(wb, "GET", "/api/files/sub/other.flow"));
  EXPECT_EQ(*got.getString("text"), kHello);
  EXPECT_EQ(request(wb, "GET", "/api/files/missing.flow").status, 404);
  { // A file too large to edit is refused, not read.
    int fd = -1;
    ASSERT_FALSE(fs::openFileForWrite(p.dir + "/huge.flow", fd));
    ASSERT_FALSE(fs::resize_file(fd, uint64_t(17) << 20));
    ::close(fd);
    http::Response huge = request(wb, "GET", "/api/files/huge.flow");
    EXPECT_EQ(huge.status, 413);
    EXPECT_LT(huge.body.size(), 1000u);
    fs::remove(p.dir + "/huge.flow");
  }

  // Save as written, and with `flowc fmt`.
  const std::string messy = "flow hello   \"Hello\"\nstart A\nstep A {\n      end \"x\"\n}\n";
  http::Response saved = request(wb, "PUT", "/api/files/sub/new.flow", body({{"text", messy}}));
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(readFile(p.dir + "/sub/new.flow"), messy);
  saved = request(wb, "PUT", "/api/files/sub/new.flow", body({{"text", messy}, {"format", true}}));
  ASSERT_EQ(saved.status, 200) << saved.body;
  llvm::json::Object s = parse(saved);
  EXPECT_EQ(s.getBoolean("formatted"), true);
  const std::string formatted = readFile(p.dir + "/sub/new.flow");
  EXPECT_EQ(formatted, "flow hello \"Hello\"\nstart A\n\nstep A {\n  end \"x\"\n}\n"); // flowc fmt's
  EXPECT_EQ(*s.getString("text"), formatted);
  // A flow with errors is saved as it is, and the answer says it was not formatted.
  s = parse(request(wb, "PUT", "/api/files/sub/new.flow", body({{"text", "flow {"}, {"format", true}})));
  EXPECT_EQ(s.getBoolean("formatted"), false);
  EXPECT_TRUE(s.getString("note"));
  EXPECT_EQ(readFile(p.dir + "/sub/new.flow"), "flow {");
  EXPECT_EQ(request(wb, "PUT", "/api/files/nofolder/x.flow", body({{"text", "x"}})).status, 404);
}

// ---- analysis -------------------------------------------------------------------------

TEST(WorkbenchAnalyze, DiagnosticsStepsAndViews) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  std::string broken = kHello;
  broken.replace(broken.find("-> B"), 4, "-> C");
  llvm::json::Object a = parse(request(wb, "POST", "/api/analyze", body({{"path", "hello.flow"}, {"text", broken}})));
  const llvm::json::Array *diags = a.getArray("diagnostics");
  ASSERT_TRUE(diags);
  ASSERT_GE(diags->size(), 1u);
  const llvm::json::Object &d = *(*diags)[0].getAsObject();
  EXPECT_EQ(*d.getString("severity"), "error");
  EXPECT_EQ(*d.getString("code"), "E0102") << d.getString("message")->str();
  EXPECT_EQ(*d.getInteger("line"), 6); // as `flowc check` prints it: 1-based
  EXPECT_EQ(*d.getInteger("column"), 14);
  EXPECT_EQ(*d.getInteger("endLine"), 6);
  EXPECT_EQ(*d.getInteger("endColumn"), 15);
  EXPECT_TRUE(d.getArray("notes"));
  EXPECT_EQ(*a.getInteger("errors"), 1);
  const llvm::json::Array *steps = a.getArray("steps");
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ(*(*steps)[0].getAsObject()->getString("id"), "A");
  EXPECT_EQ(*(*steps)[0].getAsObject()->getInteger("line"), 3);
  EXPECT_EQ(*(*steps)[0].getAsObject()->getInteger("errors"), 1); // the step is marked
  EXPECT_EQ(*(*steps)[1].getAsObject()->getInteger("errors"), 0);
  EXPECT_EQ(*a.getString("script_html"), ""); // no script for a flow with errors
  EXPECT_NE(a.getString("script_note")->find("errors"), std::string::npos);

  // Fixed, the problem is gone and the views are there.
  a = parse(request(wb, "POST", "/api/analyze", body({{"path", "hello.flow"}, {"text", kHello}})));
  EXPECT_EQ(a.getArray("diagnostics")->size(), 0u);
  EXPECT_NE(a.getString("script_html")->find("Hi there"), std::string::npos);
  EXPECT_TRUE(a.getString("script_url"));
  if (llvm::sys::findProgramByName("dot")) {
    llvm::StringRef svg = *a.getString("graph_svg");
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("<title>s0</title>"), std::string::npos); // step A's node
  }
  // The script is served for the page's frame, with a CSP of its own.
  http::Response script = request(wb, "GET", a.getString("script_url")->str());
  EXPECT_EQ(script.status, 200);
  EXPECT_NE(script.body.find("Hi there"), std::string::npos);
  EXPECT_EQ(request(wb, "GET", "/script/0000000000000000").status, 404);
}

TEST(WorkbenchAnalyze, FlowTextIsEscapedInTheViews) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  std::string hostile = kHello;
  hostile.replace(hostile.find("Hi there"), 8, "<script>alert(1)</script>");
  hostile.replace(hostile.find("\"Greet\""), 7, "\"<img src=x onerror=alert(2)>\"");
  llvm::json::Object a = parse(request(wb, "POST", "/api/analyze", body({{"path", "hello.flow"}, {"text", hostile}})));
  EXPECT_EQ(a.getString("script_html")->find("<script>alert"), std::string::npos);
  EXPECT_EQ(a.getString("graph_svg")->find("<img"), std::string::npos);
}

TEST(WorkbenchAnalyze, LargeFlowsLeaveOutTheViews) {
  Project p;
  workbench::Options o = optionsFor(p.dir);
  o.maxDrawnSteps = 1;
  workbench::Workbench wb(o);
  llvm::json::Object a = parse(request(wb, "POST", "/api/analyze", body({{"path", "hello.flow"}, {"text", kHello}})));
  EXPECT_EQ(*a.getString("graph_svg"), "");
  EXPECT_EQ(*a.getString("script_html"), "");
  EXPECT_NE(a.getString("graph_note")->find("more than 1"), std::string::npos);
  EXPECT_EQ(a.getArray("steps")->size(), 2u); // the steps are still there
}

TEST(WorkbenchAnalyze, HoverAndDefinition) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  // Line 6 `    "Yes" -> B`: B at column 14.
  llvm::json::Object h = parse(request(wb, "POST", "/api/hover",
                                       body({{"path", "hello.flow"}, {"text", kHello}, {"line", 6}, {"column", 14}})));
  EXPECT_NE(h.getString("markdown")->find("step B"), std::string::npos) << h.getString("markdown")->str();
  llvm::json::Object d = parse(request(wb, "POST", "/api/definition",
                                       body({{"path", "hello.flow"}, {"text", kHello}, {"line", 6}, {"column", 14}})));
  EXPECT_EQ(d.getBoolean("found"), true);
  EXPECT_EQ(*d.getInteger("line"), 10);
  EXPECT_EQ(*d.getInteger("column"), 6);
  d = parse(request(wb, "POST", "/api/definition",
                    body({{"path", "hello.flow"}, {"text", kHello}, {"line", 4}, {"column", 4}})));
  EXPECT_EQ(d.getBoolean("found"), false);
}

// ---- trying a call ------------------------------------------------------------------

TEST(WorkbenchSimulate, TheSeed000PayAsYouGoCall) {
  const std::string dir = kSource + "/samples/anything_computers";
  workbench::Workbench wb(optionsFor(dir));
  const std::string text = readFile(dir + "/anything_computers.flow");
  llvm::json::Array answers;
  std::istringstream in(readFile(dir + "/calls/payg_remote_session.answers"));
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty()) answers.push_back(line);
  }
  ASSERT_GE(answers.size(), 8u);
  http::Response r = request(wb, "POST", "/api/simulate",
                             body({{"path", "anything_computers.flow"}, {"text", text}, {"answers", std::move(answers)}}));
  ASSERT_EQ(r.status, 200) << r.body;
  llvm::json::Object s = parse(r);
  EXPECT_EQ(*s.getString("status"), "transferred");
  EXPECT_FALSE(s.getInteger("refused"));
  bool charged = false, paid = false, invoice = false;
  for (const llvm::json::Value &e : *s.getArray("events")) {
    llvm::StringRef kind = *e.getAsObject()->getString("event");
    charged |= kind == "charge";
    invoice |= kind == "invoice";
    paid |= kind == "answer" && e.getAsObject()->getString("answer") == llvm::StringRef("accept");
  }
  EXPECT_TRUE(charged && invoice && paid);
  EXPECT_TRUE(s.getObject("outline")); // what the desktop's widgets need
}

TEST(WorkbenchAnalyze, AnImportIsCheckedInTheFlowThatImportsIt) {
  const std::string dir = kSource + "/samples/anything_computers";
  workbench::Workbench wb(optionsFor(dir));
  std::string text = readFile(dir + "/pay_as_you_go.flow");
  llvm::json::Object a = parse(request(wb, "POST", "/api/analyze", body({{"path", "pay_as_you_go.flow"}, {"text", text}})));
  EXPECT_EQ(*a.getString("root"), "anything_computers.flow");
  EXPECT_EQ(a.getArray("diagnostics")->size(), 0u); // alone, its names would be undefined
  // Its steps carry their lines here; steps of the other files say where they are.
  bool own = false, other = false;
  for (const llvm::json::Value &v : *a.getArray("steps")) {
    const llvm::json::Object &st = *v.getAsObject();
    if (*st.getString("id") == "D-2-7") own = *st.getString("file") == "" && *st.getInteger("line") > 1;
    if (*st.getString("id") == "D-2-1") other = *st.getString("file") == "leads.flow";
  }
  EXPECT_TRUE(own && other);
  // An error typed in the import is reported in it, with its UTF-16 range.
  text.replace(text.find("\"Yes\" -> D-2-8"), 15, "\"Yes\" -> NOPE-1");
  a = parse(request(wb, "POST", "/api/analyze", body({{"path", "pay_as_you_go.flow"}, {"text", text}})));
  ASSERT_EQ(*a.getInteger("errors"), 1);
  const llvm::json::Object &d = *(*a.getArray("diagnostics"))[0].getAsObject(); // sorted: the error first
  EXPECT_EQ(*d.getString("severity"), "error");
  EXPECT_EQ(*d.getString("file"), "");
  EXPECT_TRUE(d.getArray("utf16"));
  EXPECT_NE(d.getString("message")->find("NOPE-1"), std::string::npos);
  // The edited import is what the call plays.
  text = readFile(dir + "/pay_as_you_go.flow");
  text.replace(text.find("Hello. My name is"), 5, "Howdy");
  llvm::json::Object s = parse(request(wb, "POST", "/api/simulate",
      body({{"path", "pay_as_you_go.flow"}, {"text", text}, {"start", "D-2-7"}, {"set", llvm::json::Object{{"agent", "Sam"}}}})));
  EXPECT_NE(eventsText(s).find("Howdy. My name is Sam."), std::string::npos);
}

TEST(WorkbenchSimulate, ReplaysAnswersStartsAnywhereAndSaysWhatNoLongerFits) {
  Project p;
  workbench::Workbench wb(optionsFor(p.dir));
  auto simulate = [&](const std::string &text, std::vector<std::string> list, llvm::json::Value start = nullptr) {
    llvm::json::Array answers;
    for (const std::string &a : list) answers.push_back(a);
    http::Response r = request(wb, "POST", "/api/simulate",
                               body({{"path", "hello.flow"}, {"text", text}, {"answers", std::move(answers)}, {"start", std::move(start)}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r);
  };
  llvm::json::Object s = simulate(kHello, {});
  EXPECT_EQ(*s.getString("status"), "waiting");
  s = simulate(kHello, {"choose \"Yes\""});
  EXPECT_EQ(*s.getString("status"), "ended");
  // The same answers after an edit: the edited line is in the events.
  std::string edited = kHello;
  edited.replace(edited.find("Hi there"), 8, "Good morning");
  s = simulate(edited, {"choose \"Yes\""});
  EXPECT_NE(eventsText(s).find("Good morning"), std::string::npos);
  // An answer that no longer fits: where and why.
  std::string renamed = kHello;
  renamed.replace(renamed.find("\"Yes\""), 5, "\"Sure\"");
  s = simulate(renamed, {"choose \"Yes\""});
  EXPECT_EQ(*s.getInteger("refused"), 0);
  EXPECT_NE(s.getString("problem")->find("Yes"), std::string::npos);
  EXPECT_EQ(*s.getString("status"), "waiting");
  // Start at step B.
  s = simulate(kHello, {}, "B");
  EXPECT_EQ(*s.getString("status"), "ended");
  EXPECT_EQ(*(*s.getArray("events"))[0].getAsObject()->getString("step"), "B");
  EXPECT_EQ(request(wb, "POST", "/api/simulate", body({{"path", "hello.flow"}, {"text", kHello}, {"start", "Z"}})).status, 422);
  // A flow with errors is not tried.
  EXPECT_EQ(request(wb, "POST", "/api/simulate", body({{"path", "hello.flow"}, {"text", "flow {"}})).status, 422);
  // A directive that is not one.
  s = simulate(kHello, {"frobnicate"});
  EXPECT_EQ(*s.getInteger("refused"), 0);
}

} // namespace
