# ctest install_host: `cmake --install` into a prefix inside the build tree,
# then a host project (tests/install/host) configured against that prefix
# with find_package(callflow), built and run on a flow compiled by the
# installed flowc. Also: the installed tools print callflow's version, and
# the docs are installed.
#   cmake -DBUILD_DIR=<build> -DSOURCE_DIR=<repo> -DGENERATOR=<gen> -P install_test.cmake
set(prefix ${BUILD_DIR}/tests/install/prefix)
set(work ${BUILD_DIR}/tests/install/host-build)
file(REMOVE_RECURSE ${prefix} ${work})

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f bin/flowc bin/flowc-serve bin/flowrun bin/flowrun-serve lib/libcallflow_runtime.a include/callflow/runtime.h
          include/callflow/opcodes.def lib/cmake/callflow/callflowConfig.cmake
          lib/cmake/callflow/callflowConfigVersion.cmake share/doc/callflow/README.md
          share/doc/callflow/language.md share/doc/callflow/flowrun.md)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "cmake --install did not install ${f}")
  endif()
endforeach()

run("installed flowc --version" ${prefix}/bin/flowc --version)
if(NOT out MATCHES "flowc \\(callflow\\) [0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "installed flowc --version printed: ${out}")
endif()
run("installed flowc build" ${prefix}/bin/flowc build ${SOURCE_DIR}/tests/install/Inputs/hello.flow
    -o ${BUILD_DIR}/tests/install/hello.flowc)

# `flowc serve` and `flowrun serve` run the servers installed beside them:
# these answers come from flowc-serve and flowrun-serve.
execute_process(COMMAND ${prefix}/bin/flowc serve ${prefix}/no-such-dir RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no-such-dir' is not a directory")
  message(FATAL_ERROR "installed flowc serve (${rc}) printed:\n${out}\n${err}")
endif()
run("installed flowrun serve --help" ${prefix}/bin/flowrun serve --help)
if(NOT out MATCHES "USAGE: flowrun serve")
  message(FATAL_ERROR "installed flowrun serve --help printed: ${out}")
endif()

run("configuring the host" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/host -B ${work} -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run("building the host" ${CMAKE_COMMAND} --build ${work})
run("running the host" ${work}/host ${BUILD_DIR}/tests/install/hello.flowc)
if(NOT out MATCHES "SAY Hello from an installed callflow\\.\nSAY Goodbye\\.\nended: end")
  message(FATAL_ERROR "the host printed:\n${out}")
endif()
message(STATUS "install_host: ok\n${out}")
