# ANTLR 4: Debian's `antlr4` tool generates the C++ lexer and parser at build
# time (Debian's antlr4_generate helper is broken, so it is called directly),
# and the C++ runtime (libantlr4-runtime-dev) is an imported target whose
# headers are SYSTEM.
find_program(ANTLR4_TOOL antlr4 REQUIRED)
find_path(ANTLR4_RUNTIME_INCLUDE_DIR antlr4-runtime.h
          PATH_SUFFIXES antlr4-runtime REQUIRED)
find_library(ANTLR4_RUNTIME_LIBRARY NAMES libantlr4-runtime.a antlr4-runtime
             REQUIRED)
add_library(antlr4_runtime INTERFACE)
target_include_directories(antlr4_runtime SYSTEM INTERFACE
                           ${ANTLR4_RUNTIME_INCLUDE_DIR})
target_link_libraries(antlr4_runtime INTERFACE ${ANTLR4_RUNTIME_LIBRARY}
                      Threads::Threads)

# callflow_antlr_parser(TARGET name GRAMMAR file.g4 NAME Flow)
# Generates <NAME>Lexer/<NAME>Parser/<NAME>Visitor into the build tree and
# wraps them in a static library. Only compiler/parse links it.
function(callflow_antlr_parser)
  cmake_parse_arguments(A "" "TARGET;GRAMMAR;NAME" "" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/generated)
  set(srcs
    ${out}/${A_NAME}Lexer.cpp ${out}/${A_NAME}Parser.cpp
    ${out}/${A_NAME}Visitor.cpp ${out}/${A_NAME}BaseVisitor.cpp)
  set(hdrs
    ${out}/${A_NAME}Lexer.h ${out}/${A_NAME}Parser.h
    ${out}/${A_NAME}Visitor.h ${out}/${A_NAME}BaseVisitor.h)
  get_filename_component(gdir ${A_GRAMMAR} DIRECTORY)
  get_filename_component(gname ${A_GRAMMAR} NAME)
  add_custom_command(
    OUTPUT ${srcs} ${hdrs}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -visitor
            -package callflow_antlr -Xexact-output-dir -o ${out} ${gname}
    WORKING_DIRECTORY ${gdir}
    DEPENDS ${A_GRAMMAR}
    COMMENT "Generating the ${A_NAME} parser with ANTLR"
    VERBATIM)
  add_library(${A_TARGET} STATIC ${srcs})
  target_include_directories(${A_TARGET} SYSTEM PUBLIC ${out})
  target_link_libraries(${A_TARGET} PUBLIC antlr4_runtime)
  # Generated code is not ours to fix: no -Werror, and quiet.
  target_compile_options(${A_TARGET} PRIVATE -w)
endfunction()
