# Writes OUT: a C++ table of every tests/diagnostics/<CODE>.flow example, so
# `flowc explain` carries the examples with it. Run with cmake -P.
file(GLOB examples ${EXAMPLES_DIR}/*.flow)
list(SORT examples)
set(body "// Generated from tests/diagnostics/*.flow by cmake/EmbedExamples.cmake.\n")
string(APPEND body "#include \"examples.h\"\nnamespace flowc {\nconst DiagExample kDiagExamples[] = {\n")
foreach(ex ${examples})
  get_filename_component(code ${ex} NAME_WE)
  file(READ ${ex} text)
  string(APPEND body "  {\"${code}\", R\"cfex(${text})cfex\"},\n")
endforeach()
string(APPEND body "  {nullptr, nullptr}};\n}\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
