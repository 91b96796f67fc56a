// Fuzz entry for the answer journal (see fuzz_targets.h): parse arbitrary
// journal bytes against a fixed program (the seed-000 sample, compiled once),
// check that every intact record's answer re-encodes to itself, and resume a
// session by replaying the answers, as flowrun does after a crash.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "callflow/journal.h"
#include "callflow/runtime.h"
#include "check/sema.h"
#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "fuzz_targets.h"

namespace callflow::fuzz {

const JournalFixture &journalFixture() {
  static const JournalFixture fixture = [] {
    JournalFixture f;
    driver::Compilation comp;
    comp.load(CALLFLOW_FUZZ_JOURNAL_FLOW);
    const sema::Program *p = comp.check();
    if (!p || comp.diags().hasErrors()) {
      std::fprintf(stderr, "fuzz_journal: %s does not check clean\n", CALLFLOW_FUZZ_JOURNAL_FLOW);
      std::abort();
    }
    codegen::Result r = codegen::generate(*p, comp.sourceMgr());
    Loaded l = r ? Program::load(r.bytes) : Loaded{};
    if (!l) {
      std::fprintf(stderr, "fuzz_journal: the fixture program does not compile or load\n");
      std::abort();
    }
    f.bytecode = std::move(r.bytes);
    f.program = l.program;
    return f;
  }();
  return fixture;
}

int fuzzJournal(const uint8_t *data, size_t size) {
  const JournalFixture &fx = journalFixture();
  JournalContents c = parseJournal(std::span<const uint8_t>(data, size));
  if (!c.headerOk)
    return 0;
  if (c.validBytes > c.totalBytes || c.totalBytes != size) {
    std::fprintf(stderr, "journal byte counts out of range\n");
    std::abort();
  }
  Session s(*fx.program);
  for (size_t i = 0; i < c.records.size(); ++i) {
    if (c.records[i].sequence != i) {
      std::fprintf(stderr, "journal kept a record out of sequence\n");
      std::abort();
    }
    JournalAnswer a;
    if (!JournalAnswer::decode(c.records[i].payload, a))
      break;
    JournalAnswer again;
    if (!JournalAnswer::decode(a.encode(), again) || !(again == a)) {
      std::fprintf(stderr, "a journal answer does not survive encode/decode\n");
      std::abort();
    }
    for (int k = 0; k < 4096 && !s.ended() && !s.waiting(); ++k)
      s.next();
    if (s.ended())
      break;
    (void)a.applyTo(s); // a refused answer is the host's problem, not a crash
  }
  return 0;
}

} // namespace callflow::fuzz
