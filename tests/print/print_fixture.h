// Test helpers for compiler/print: compile a flow (file or text) through
// the driver and print it; extract tags, ids and links from printed HTML.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "check/sema.h"
#include "driver/compilation.h"
#include "print/print.h"
#include "llvm/Support/MemoryBuffer.h"

namespace printtest {

struct Compiled {
  std::unique_ptr<callflow::driver::Compilation> c;
  const callflow::sema::Program *p = nullptr;
};

inline Compiled compileFile(const std::string &path) {
  Compiled r;
  r.c = std::make_unique<callflow::driver::Compilation>();
  if (r.c->load(path))
    r.p = r.c->check();
  return r;
}

inline Compiled compileText(const std::string &text, const std::string &name = "test.flow") {
  Compiled r;
  r.c = std::make_unique<callflow::driver::Compilation>();
  if (r.c->loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name)))
    r.p = r.c->check();
  return r;
}

inline std::string sample(const std::string &rel) {
  return std::string(CALLFLOW_SOURCE_DIR) + "/samples/" + rel;
}

/// The script or chart in the language `lang` ("": guessed from the flow).
inline std::string html(const callflow::sema::Program &p, const std::string &lang = "") {
  std::string s;
  llvm::raw_string_ostream os(s);
  callflow::print::ScriptOptions o;
  o.lang = lang;
  callflow::print::printScriptHtml(p, os, o);
  return os.str();
}
inline std::string markdown(const callflow::sema::Program &p, const std::string &lang = "") {
  std::string s;
  llvm::raw_string_ostream os(s);
  callflow::print::ScriptOptions o;
  o.lang = lang;
  callflow::print::printScriptMarkdown(p, os, o);
  return os.str();
}
inline std::string dot(const callflow::sema::Program &p, const std::string &lang = "") {
  std::string s;
  llvm::raw_string_ostream os(s);
  callflow::print::GraphOptions o;
  o.lang = lang;
  callflow::print::printGraphDot(p, os, o);
  return os.str();
}

/// Every `<...>` tag of printed HTML, in order, whole (the printers escape
/// every `<` of flow text, so a `<` always starts a tag). The `<style>`
/// element's body is skipped.
inline std::vector<std::string> tags(const std::string &html) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    size_t j = html.find('>', i);
    if (j == std::string::npos)
      break;
    out.push_back(html.substr(i, j - i + 1));
    if (out.back() == "<style>") {
      size_t end = html.find("</style>", j);
      i = end == std::string::npos ? html.size() : end;
      continue;
    }
    i = j + 1;
  }
  return out;
}

/// Values of attribute `attr` (double-quoted) over all tags.
inline std::vector<std::string> attrValues(const std::string &html, const std::string &attr) {
  std::vector<std::string> out;
  for (const std::string &t : tags(html)) {
    std::string key = " " + attr + "=\"";
    for (size_t k = t.find(key); k != std::string::npos; k = t.find(key, k + 1)) {
      size_t b = k + key.size(), e = t.find('"', b);
      out.push_back(t.substr(b, e - b));
    }
  }
  return out;
}

} // namespace printtest
