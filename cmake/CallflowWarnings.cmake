# Project code builds warning-clean; generated and third-party headers are
# included as SYSTEM and so are exempt.
function(callflow_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()
