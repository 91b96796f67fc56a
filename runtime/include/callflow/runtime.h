// The one header a host includes to embed the callflow runtime.
//
//   auto loaded = callflow::Program::load(bytes);   // verifies; never runs bad code
//   if (!loaded) { report(loaded.error.str()); return; }
//   callflow::Session call(*loaded.program);
//   for (;;) {
//     const callflow::Event &e = call.next();
//     show(e);
//     if (call.ended()) break;
//     if (e.waiting) { /* call.choose(i), provide(text), acknowledge(), skip(),
//                         acceptPayment(), declinePayment(); a refused answer
//                         returns its reason and the same event stays */ }
//   }
//
// The runtime depends on the C++ standard library only.
#pragma once

#include "callflow/bytecode.h"
#include "callflow/disasm.h"
#include "callflow/program.h"
#include "callflow/session.h"
#include "callflow/value.h"
#include "callflow/verifier.h"
