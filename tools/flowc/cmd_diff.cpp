// `flowc diff OLD NEW`, `flowc diff --git REV [REV2] [-- PATH...]` and the
// git diff driver (`--git-external`): what changed between two versions of
// a flow, for the caller, the agent and the money (docs/diff.md). The
// comparison itself is compiler/diff; this file finds and loads the sides.
#include "commands.h"
#include "common.h"
#include "diff_load.h"

#include <map>
#include <thread>

#include "diff/diff.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;
namespace fs = llvm::sys::fs;
using flowc::diffload::LoadedFlow;
using flowc::diffload::LoadedSide;

namespace flowc {
namespace {
cl::SubCommand Cmd("diff", "Semantic diff of two versions of a flow (exit 0 no semantic change, "
                           "1 changes, 2 usage or I/O)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd),
                             cl::desc("OLD NEW | --git REV [REV2] [-- PATH...]"));
enum class Format { Text, Markdown, Json };
cl::opt<Format> OutFormat("format", cl::sub(Cmd), cl::desc("Output format"),
                          cl::values(clEnumValN(Format::Text, "text", "for a terminal (default)"),
                                     clEnumValN(Format::Markdown, "markdown",
                                                "a pull-request comment"),
                                     clEnumValN(Format::Markdown, "md", "same as markdown"),
                                     clEnumValN(Format::Json, "json", "docs/diff.md's schema")),
                          cl::init(Format::Text));
cl::opt<std::string> FailOnOpt("fail-on", cl::sub(Cmd), cl::value_desc("kinds"),
                               cl::desc("Exit 1 only when a change of these kinds is found "
                                        "(comma-separated: unreachable, required, price)"));
cl::opt<bool> Git("git", cl::sub(Cmd), cl::desc("Compare git revisions: REV [REV2] (REV2 "
                                                 "defaults to the working tree) [-- PATH...]"));
cl::opt<bool> GitExternal("git-external", cl::sub(Cmd),
                          cl::desc("Act as git's external diff driver (GIT_EXTERNAL_DIFF: path "
                                   "old-file old-hex old-mode new-file new-hex new-mode)"));

int usage(const std::string &msg) {
  llvm::WithColor::error(llvm::errs(), "flowc diff") << msg << "\n";
  return kExitUsage;
}

// Pairs the flows of both sides by flow name (or, for two files, the two
// flows as they are) and compares them.
callflow::diff::Report compare(const LoadedSide &a, const LoadedSide &b, bool byName) {
  auto side = [](const LoadedFlow *f) {
    callflow::diff::Side s;
    if (!f)
      return s;
    s.program = f->program;
    s.sm = &f->compilation->sourceMgr();
    s.diagnostics = f->compilation->diags().diagnostics();
    s.label = f->label;
    s.bytecode = f->bytecode;
    return s;
  };
  callflow::diff::Report r;
  if (!byName) {
    const LoadedFlow *x = a.flows.empty() ? nullptr : &a.flows[0];
    const LoadedFlow *y = b.flows.empty() ? nullptr : &b.flows[0];
    r.flows.push_back(callflow::diff::diffFlows(side(x), side(y)));
    return r;
  }
  std::map<std::string, const LoadedFlow *> olds, news;
  for (const LoadedFlow &f : a.flows)
    olds.emplace(f.program->flowName, &f);
  for (const LoadedFlow &f : b.flows)
    news.emplace(f.program->flowName, &f);
  for (const auto &[name, f] : olds) {
    auto it = news.find(name);
    r.flows.push_back(callflow::diff::diffFlows(side(f), side(it == news.end() ? nullptr : it->second)));
  }
  for (const auto &[name, f] : news)
    if (!olds.count(name))
      r.flows.push_back(callflow::diff::diffFlows(side(nullptr), side(f)));
  return r;
}

int report(const callflow::diff::Report &r, const callflow::diff::FailOn &failOn) {
  callflow::diff::RenderOptions ro;
  ro.color = useColor() && llvm::outs().has_colors();
  switch (OutFormat) {
  case Format::Text: callflow::diff::renderText(r, llvm::outs(), ro); break;
  case Format::Markdown: callflow::diff::renderMarkdown(r, llvm::outs(), ro); break;
  case Format::Json: callflow::diff::renderJson(r, llvm::outs()); break;
  }
  llvm::outs().flush();
  if (failOn.any())
    return failOn.fails(r) ? kExitFindings : kExitClean;
  return r.semantic() ? kExitFindings : kExitClean;
}

bool errorsOf(const LoadedSide &s) {
  for (const std::string &e : s.errors)
    llvm::WithColor::error(llvm::errs(), "flowc diff") << e << "\n";
  return !s.errors.empty();
}

// Both sides load and check on their own threads.
void loadBoth(const std::vector<std::string> &ra, const callflow::driver::CompileOptions &oa,
              const std::function<std::string(const std::string &)> &la, LoadedSide &a,
              const std::vector<std::string> &rb, const callflow::driver::CompileOptions &ob,
              const std::function<std::string(const std::string &)> &lb, LoadedSide &b) {
  std::thread t([&] { diffload::loadRoots(ra, oa, la, a); });
  diffload::loadRoots(rb, ob, lb, b);
  t.join();
}

std::string relativeTo(const std::string &path, const std::string &base) {
  llvm::StringRef p(path);
  if (!base.empty() && p.startswith(base)) {
    p = p.drop_front(base.size());
    while (p.startswith("/"))
      p = p.drop_front();
  }
  return p.str();
}

int runGit(const callflow::driver::CompileOptions &base, const callflow::diff::FailOn &failOn) {
  // Where a `--` stood: what follows it are paths.
  std::vector<std::string> &raw = rawArguments();
  size_t afterDash = 0;
  for (size_t i = 0; i < raw.size(); ++i)
    if (raw[i] == "--") {
      afterDash = raw.size() - i - 1;
      break;
    }
  std::vector<std::string> all(Inputs.begin(), Inputs.end());
  size_t revCount = all.size() - std::min(afterDash, all.size());
  if (revCount < 1 || revCount > 2)
    return usage("--git takes one or two revisions: --git REV [REV2] [-- PATH...]");
  std::vector<std::string> revs(all.begin(), all.begin() + revCount);
  std::vector<std::string> paths(all.begin() + revCount, all.end());
  std::string error;
  std::string top = diffload::gitTopLevel(error);
  if (top.empty())
    return usage("not in a git repository (" + error + ")");
  llvm::SmallString<128> tmp;
  if (fs::createUniqueDirectory("flowc-diff", tmp))
    return usage("cannot create a temporary directory");
  struct Cleanup {
    std::string dir;
    ~Cleanup() { fs::remove_directories(dir); }
  } cleanup{tmp.str().str()};

  std::vector<std::string> roots[2];
  callflow::driver::CompileOptions opts[2] = {base, base};
  std::function<std::string(const std::string &)> labels[2];
  std::vector<std::string> errors;
  for (int s = 0; s < 2; ++s) {
    if (s == 1 && revs.size() == 1) { // the working tree
      std::vector<std::string> under = paths.empty() ? std::vector<std::string>{top} : paths;
      for (const std::string &p : under)
        for (const std::string &r : diffload::rootsUnder(p, errors)) {
          llvm::SmallString<256> real;
          roots[1].push_back(fs::real_path(r, real) ? r : real.str().str());
        }
      opts[1].projectRoot = top;
      labels[1] = [top](const std::string &p) { return relativeTo(p, top); };
      continue;
    }
    llvm::SmallString<256> dir(tmp);
    llvm::sys::path::append(dir, s == 0 ? "old" : "new");
    std::vector<std::string> files;
    if (!diffload::materializeRevision(revs[s], paths, dir.str().str(), files, error))
      return usage(error);
    for (const std::string &f : files)
      for (const std::string &r : diffload::rootsUnder(f, errors))
        roots[s].push_back(r);
    opts[s].projectRoot = dir.str().str();
    std::string rev = revs[s], d = dir.str().str();
    labels[s] = [rev, d](const std::string &p) { return rev + ":" + relativeTo(p, d); };
  }
  for (const std::string &e : errors)
    llvm::WithColor::error(llvm::errs(), "flowc diff") << e << "\n";
  if (!errors.empty())
    return kExitUsage;
  LoadedSide a, b;
  loadBoth(roots[0], opts[0], labels[0], a, roots[1], opts[1], labels[1], b);
  if (errorsOf(a) | errorsOf(b))
    return kExitUsage;
  return report(compare(a, b, true), failOn);
}

// git's external diff: path old-file old-hex old-mode new-file new-hex
// new-mode. The old file is a temporary copy: it is read as if it stood at
// `path`, so that its imports resolve (from the working tree).
int runGitExternal(const callflow::driver::CompileOptions &base) {
  if (Inputs.size() != 7 && Inputs.size() != 9)
    return usage("--git-external expects the 7 arguments git passes to an external diff");
  std::string error, top = diffload::gitTopLevel(error);
  llvm::SmallString<256> at(top.empty() ? "." : top);
  llvm::sys::path::append(at, Inputs[0]);
  LoadedSide sides[2];
  for (int s = 0; s < 2; ++s) {
    const std::string &file = Inputs[s == 0 ? 1 : 4];
    if (file == "/dev/null")
      continue;
    auto buf = llvm::MemoryBuffer::getFile(file);
    if (!buf)
      return usage(file + ": cannot read");
    LoadedFlow f;
    callflow::driver::CompileOptions o = base;
    o.projectRoot = top;
    f.compilation = std::make_unique<callflow::driver::Compilation>(o);
    f.compilation->loadBuffer(llvm::MemoryBuffer::getMemBufferCopy((*buf)->getBuffer(), at.str()));
    f.program = f.compilation->check();
    f.label = (s == 0 ? "a/" : "b/") + Inputs[0];
    if (f.program)
      sides[s].flows.push_back(std::move(f));
  }
  OutFormat = Format::Text;
  report(compare(sides[0], sides[1], false), {});
  return kExitClean; // git stops at an external diff that fails
}
} // namespace

cl::SubCommand &diffCommand() { return Cmd; }

int runDiff() {
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  callflow::diff::FailOn failOn;
  std::string bad;
  if (!FailOnOpt.empty() && !failOn.parse(FailOnOpt, bad))
    return usage("--fail-on: unknown kind '" + bad + "' (expected unreachable, required, price)");
  if (GitExternal)
    return runGitExternal(opts);
  if (Git)
    return runGit(opts, failOn);
  if (Inputs.size() != 2)
    return usage("expected two flows or directories: flowc diff OLD NEW");
  std::vector<std::string> errors;
  bool dirs = fs::is_directory(Inputs[0]) || fs::is_directory(Inputs[1]);
  std::vector<std::string> ra = diffload::rootsUnder(Inputs[0], errors);
  std::vector<std::string> rb = diffload::rootsUnder(Inputs[1], errors);
  for (const std::string &e : errors)
    llvm::WithColor::error(llvm::errs(), "flowc diff") << e << "\n";
  if (!errors.empty())
    return kExitUsage;
  auto label = [](const std::string &p) { return p; };
  LoadedSide a, b;
  loadBoth(ra, opts, label, a, rb, opts, label, b);
  if (errorsOf(a) | errorsOf(b))
    return kExitUsage;
  return report(compare(a, b, dirs), failOn);
}

} // namespace flowc
