// callflow_web: the embedded page is found by its URL paths and nothing
// else is; the headers carry a strict CSP; the outline of a flow names its
// steps' titles, sections and roles, its language, forms and enums.
#include "callflow/program.h"
#include "callflow/web/desktop.h"
#include "codegen/compile_file.h"

#include <gtest/gtest.h>

#include "llvm/Support/JSON.h"

using namespace callflow;

namespace {

TEST(DesktopAssets, ThePageAndItsFilesByPath) {
  auto page = web::desktopAsset("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->contentType, "text/html; charset=utf-8");
  EXPECT_NE(page->bytes.find("<!doctype html>"), std::string_view::npos);
  // The page loads its script as a module file: no inline script.
  EXPECT_NE(page->bytes.find("<script type=\"module\" src=\"/assets/app.js\"></script>"), std::string_view::npos);
  EXPECT_EQ(page->bytes.find("<script>"), std::string_view::npos);
  for (const char *attr : {"onclick", "onload", "onerror", "onsubmit", "onkeydown", "style="})
    EXPECT_EQ(page->bytes.find(attr), std::string_view::npos) << attr;

  auto js = web::desktopAsset("/assets/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->contentType, "text/javascript; charset=utf-8");
  EXPECT_GT(js->bytes.size(), 1000u);
  auto css = web::desktopAsset("/assets/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->contentType, "text/css; charset=utf-8");
  ASSERT_TRUE(web::desktopAsset("/assets/i18n.js"));
}

TEST(DesktopAssets, ScriptsWriteNoMarkup) {
  // Flow text reaches the page only as text nodes and attribute values:
  // nothing in the scripts parses HTML or evaluates code.
  for (const char *path : {"/assets/app.js", "/assets/i18n.js", "/assets/dom.js", "/assets/call.js", "/assets/api.js"}) {
    auto js = web::desktopAsset(path);
    ASSERT_TRUE(js) << path;
    for (const char *sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                             "createContextualFragment", "DOMParser", "setHTML", "srcdoc"})
      EXPECT_EQ(js->bytes.find(sink), std::string_view::npos) << path << " uses " << sink;
  }
}

TEST(DesktopAssets, NothingElse) {
  for (const char *path : {"", "/index.html", "/assets/", "/assets/index.html", "/assets/../app.js",
                           "/assets/x/app.js", "/assets/app.js/", "/assets/nothing.js", "/api/flows", "//",
                           "/assets//app.js", "/ASSETS/app.js"})
    EXPECT_FALSE(web::desktopAsset(path)) << path;
}

TEST(DesktopAssets, StrictHeaders) {
  const std::string csp(web::desktopCsp());
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe"), std::string::npos);
  bool sawCsp = false, sawFrame = false;
  for (const auto &[name, value] : web::desktopHeaders()) {
    sawCsp |= name == "Content-Security-Policy" && value == csp;
    sawFrame |= name == "X-Frame-Options" && value == "DENY";
  }
  EXPECT_TRUE(sawCsp);
  EXPECT_TRUE(sawFrame);
}

/// An optional JSON string as text ("<none>" when absent), for EXPECT_EQ.
std::string str(llvm::Optional<llvm::StringRef> s) { return s ? s->str() : "<none>"; }

std::shared_ptr<const Program> compileSample(const std::string &relative) {
  std::string diags;
  llvm::raw_string_ostream os(diags);
  codegen::CompiledFile f =
      codegen::compileFile(std::string(CALLFLOW_SOURCE_DIR) + "/" + relative, driver::CompileOptions{}, os, false);
  EXPECT_TRUE(f) << os.str();
  Loaded l = Program::load(std::move(f.bytes));
  EXPECT_TRUE(l) << l.error.str();
  return l.program;
}

TEST(FlowOutline, Seed000StepsFormsAndEnums) {
  auto p = compileSample("samples/anything_computers/anything_computers.flow");
  ASSERT_TRUE(p);
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(web::flowOutlineJson(*p));
  ASSERT_TRUE(bool(v)) << llvm::toString(v.takeError());
  const llvm::json::Object &o = *v->getAsObject();
  EXPECT_EQ(str(o.getString("name")), "anything_computers");
  EXPECT_EQ(str(o.getString("lang")), "en");
  EXPECT_EQ(str(o.getString("start")), "D-2-1");
  const llvm::json::Object *steps = o.getObject("steps");
  ASSERT_TRUE(steps);
  EXPECT_EQ(steps->size(), 32u); // D-2-1, D-2-3 ... D-2-33
  const llvm::json::Object *d21 = steps->getObject("D-2-1");
  ASSERT_TRUE(d21);
  EXPECT_EQ(str(d21->getString("title")), "Leads");
  EXPECT_EQ(str(d21->getString("section")), "Leads");
  EXPECT_EQ(str(d21->getString("role")), "Team Director");
  const llvm::json::Object *d28 = steps->getObject("D-2-8");
  ASSERT_TRUE(d28);
  EXPECT_EQ(str(d28->getString("title")), "Yes – Remote Support Session");
  EXPECT_EQ(str(d28->getString("section")), "Pay As You Go Member");
  EXPECT_FALSE(d28->getString("role")); // the role is the Leads section's only
  EXPECT_FALSE(steps->getObject("D-2-21")->getString("title")); // untitled in the seed

  const llvm::json::Array *forms = o.getArray("forms");
  ASSERT_TRUE(forms);
  ASSERT_EQ(forms->size(), 1u);
  const llvm::json::Object &ticket = *(*forms)[0].getAsObject();
  EXPECT_EQ(str(ticket.getString("name")), "Ticket");
  bool techRequired = false, techSet = true, typeSet = false, assetWhen = false;
  for (const llvm::json::Value &f : *ticket.getArray("fields")) {
    const llvm::json::Object &field = *f.getAsObject();
    if (str(field.getString("name")) == "tech") {
      techRequired = *field.getBoolean("required");
      techSet = *field.getBoolean("set_by_flow"); // always typed by the agent
    }
    if (str(field.getString("name")) == "type") typeSet = *field.getBoolean("set_by_flow"); // type = one_time ...
    if (str(field.getString("name")) == "asset")
      assetWhen = *field.getBoolean("when") && !*field.getBoolean("required");
  }
  EXPECT_TRUE(techRequired);
  EXPECT_FALSE(techSet);
  EXPECT_TRUE(typeSet);
  EXPECT_TRUE(assetWhen); // required when type == managed
  bool agentAuto = false;
  for (const llvm::json::Value &f : *o.getArray("vars"))
    if (str(f.getAsObject()->getString("name")) == "agent") agentAuto = *f.getAsObject()->getBoolean("auto");
  EXPECT_TRUE(agentAuto);
  const llvm::json::Array *plan = o.getObject("enums")->getArray("Plan");
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->size(), 5u);
  EXPECT_EQ(str((*plan)[0].getAsObject()->getString("name")), "one_time");
  EXPECT_EQ(str((*plan)[4].getAsObject()->getString("label")), "Pay As You Go Plan – Remote Session Included");
}

TEST(FlowOutline, Seed003IsRussian) {
  auto p = compileSample("samples/case_registration/case_registration.flow");
  ASSERT_TRUE(p);
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(web::flowOutlineJson(*p));
  ASSERT_TRUE(bool(v)) << llvm::toString(v.takeError());
  const llvm::json::Object &o = *v->getAsObject();
  EXPECT_EQ(str(o.getString("lang")), "ru");
  EXPECT_EQ(str(o.getObject("steps")->getObject("interaction_type")->getString("section")),
            "Классификация обращения");
}

} // namespace
