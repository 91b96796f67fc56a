// A host embedding the installed callflow runtime: loads a compiled flow,
// runs the call choosing the first option of every question, and prints
// each line it says. Exit 0 when the call ended normally.
#include <callflow/runtime.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: host FLOW.flowc\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  callflow::Loaded loaded = callflow::Program::load(std::move(bytes));
  if (!loaded) {
    std::fprintf(stderr, "rejected: %s\n", loaded.error.str().c_str());
    return 1;
  }
  callflow::Session call(*loaded.program);
  for (int events = 0; events < 1000; ++events) {
    const callflow::Event &e = call.next();
    if (e.kind == callflow::EventKind::Say) std::printf("SAY %s\n", e.text.c_str());
    if (call.ended()) {
      std::printf("ended: %s\n", callflow::eventKindName(e.kind));
      return call.failed() ? 1 : 0;
    }
    if (e.waiting && !call.choose(0)) {
      std::fprintf(stderr, "the first option was refused\n");
      return 1;
    }
  }
  return 1;
}
