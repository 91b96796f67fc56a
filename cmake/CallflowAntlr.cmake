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

# callflow_antlr_parser(TARGET name GRAMMAR file.g4 NAME Flow [LEXER lexer.g4])
# Generates <NAME>Lexer/<NAME>Parser/<NAME>Visitor into the build tree and
# wraps them in a static library. Only compiler/parse links it.
# With LEXER (a split grammar, needed for lexer modes), GRAMMAR is the
# `parser grammar <NAME>Parser` and LEXER the `lexer grammar <NAME>Lexer`;
# the visitor is then <NAME>ParserVisitor.
function(callflow_antlr_parser)
  cmake_parse_arguments(A "" "TARGET;GRAMMAR;NAME;LEXER" "" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/generated)
  set(vis ${A_NAME})
  set(lexname)
  if(A_LEXER)
    set(vis ${A_NAME}Parser)
    get_filename_component(lexname ${A_LEXER} NAME)
  endif()
  set(srcs
    ${out}/${A_NAME}Lexer.cpp ${out}/${A_NAME}Parser.cpp
    ${out}/${vis}Visitor.cpp ${out}/${vis}BaseVisitor.cpp)
  set(hdrs
    ${out}/${A_NAME}Lexer.h ${out}/${A_NAME}Parser.h
    ${out}/${vis}Visitor.h ${out}/${vis}BaseVisitor.h)
  get_filename_component(gdir ${A_GRAMMAR} DIRECTORY)
  get_filename_component(gname ${A_GRAMMAR} NAME)
  add_custom_command(
    OUTPUT ${srcs} ${hdrs}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -visitor
            -package callflow_antlr -Xexact-output-dir -o ${out} -lib ${out}
            ${lexname} ${gname}
    WORKING_DIRECTORY ${gdir}
    DEPENDS ${A_GRAMMAR} ${A_LEXER}
    COMMENT "Generating the ${A_NAME} parser with ANTLR"
    VERBATIM)
  add_library(${A_TARGET} STATIC ${srcs})
  target_include_directories(${A_TARGET} SYSTEM PUBLIC ${out})
  target_link_libraries(${A_TARGET} PUBLIC antlr4_runtime)
  # Generated code is not ours to fix: no -Werror, and quiet. ANTLR 4.7.2
  # writes u8"..." literals into std::string tables, which C++20's char8_t
  # rejects.
  target_compile_options(${A_TARGET} PRIVATE -w -fno-char8_t)
endfunction()
