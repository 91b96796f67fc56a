// Running the checker over a loaded flow.
#include "check/check.h"
#include "check/sema.h"
#include "driver/compilation.h"

namespace callflow::driver {

const sema::Program *Compilation::check() { return check(check::CheckOptions()); }

const sema::Program *Compilation::check(const check::CheckOptions &options) {
  if (fileOrder_.empty())
    return nullptr;
  if (!program_) {
    check::CheckOptions o = options;
    o.threads = o.threads && threads() > 1;
    o.namesAside = o.namesAside && threads() > 1;
    program_ = check::checkProgram(fileOrder_, sm_, diags_, o);
  }
  return program_.get();
}

} // namespace callflow::driver
