# The fuzz build's replacement for cmake/CallflowWarnings.cmake (found first
# on CMAKE_MODULE_PATH): clang-14 warns where GCC does not, and the fuzz build
# must not stop on another compiler's warnings; the normal build keeps -Werror.
function(callflow_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
endfunction()
