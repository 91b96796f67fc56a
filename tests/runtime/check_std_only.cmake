# ctest runtime_std_only: the runtime library depends on the C++ standard
# library only (and POSIX for the journal's file I/O, in journal.cpp only).
#   cmake -DSOURCE_DIR=<repo> -DPROPS=<file> -P check_std_only.cmake
# Checks (1) every #include of runtime/ against an allowlist of standard
# headers, the runtime's own headers and, in journal.cpp, four POSIX ones;
# (2) PROPS, written at generate time: the include directories and link
# libraries of the callflow_runtime target, which must be the runtime's own
# include directory and nothing else.

set(std_headers
  algorithm any array atomic barrier bit bitset cassert cctype cerrno cfenv cfloat charconv
  chrono cinttypes climits clocale cmath codecvt compare complex concepts condition_variable
  coroutine csetjmp csignal cstdarg cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar
  cwctype deque exception execution filesystem format forward_list fstream functional future
  initializer_list iomanip ios iosfwd iostream istream iterator latch limits list locale map
  memory memory_resource mutex new numbers numeric optional ostream queue random ranges ratio
  regex scoped_allocator semaphore set shared_mutex source_location span sstream stack
  stdexcept stop_token streambuf string string_view syncstream system_error thread tuple
  type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
  version)
set(posix_headers fcntl.h unistd.h sys/file.h sys/stat.h)

set(problems "")
file(GLOB_RECURSE files ${SOURCE_DIR}/runtime/*.h ${SOURCE_DIR}/runtime/*.cpp ${SOURCE_DIR}/runtime/*.def)
list(LENGTH files nfiles)
if(nfiles LESS 10)
  message(FATAL_ERROR "runtime_std_only: found only ${nfiles} runtime files under ${SOURCE_DIR}/runtime")
endif()
set(nincludes 0)
foreach(f ${files})
  file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line ${lines})
    math(EXPR nincludes "${nincludes} + 1")
    if(line MATCHES "include[ \t]*<([^>]+)>")
      set(h ${CMAKE_MATCH_1})
      list(FIND std_headers ${h} is_std)
      list(FIND posix_headers ${h} is_posix)
      if(is_std GREATER -1)
      elseif(is_posix GREATER -1 AND rel STREQUAL "runtime/src/journal.cpp")
      else()
        string(APPEND problems "\n  ${rel}: <${h}> is not a standard header")
      endif()
    elseif(line MATCHES "include[ \t]*\"([^\"]+)\"")
      set(h ${CMAKE_MATCH_1})
      if(NOT (h MATCHES "^callflow/[a-z_]+\\.(h|def)$" AND EXISTS ${SOURCE_DIR}/runtime/include/${h})
         AND NOT EXISTS ${SOURCE_DIR}/runtime/src/${h})
        string(APPEND problems "\n  ${rel}: \"${h}\" is not a runtime header")
      endif()
    else()
      string(APPEND problems "\n  ${rel}: unreadable include: ${line}")
    endif()
  endforeach()
endforeach()

file(READ ${PROPS} props)
string(REGEX MATCH "INCLUDE_DIRECTORIES=([^\n]*)" _ "${props}")
set(dirs "${CMAKE_MATCH_1}")
string(REGEX MATCH "LINK_LIBRARIES=([^\n]*)" _ "${props}")
set(libs "${CMAKE_MATCH_1}")
foreach(d ${dirs})
  if(NOT d STREQUAL "${SOURCE_DIR}/runtime/include")
    string(APPEND problems "\n  callflow_runtime has the include directory ${d}")
  endif()
endforeach()
if(NOT libs STREQUAL "")
  string(APPEND problems "\n  callflow_runtime links ${libs}")
endif()

if(problems)
  message(FATAL_ERROR "the runtime must use the C++ standard library only:${problems}")
endif()
message(STATUS "runtime_std_only: ${nfiles} files, ${nincludes} includes, all standard or the runtime's own")
