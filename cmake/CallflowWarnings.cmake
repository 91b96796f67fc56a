# Project code builds warning-clean; generated and third-party headers are
# included as SYSTEM and so are exempt.
function(callflow_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(CALLFLOW_SANITIZE)
    # GCC 12's sanitizer instrumentation makes -Wmaybe-uninitialized fire inside
    # libstdc++ headers (std::function in std::regex's NFA), where no value
    # is read uninitialised; the normal build keeps the warning.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
endfunction()
