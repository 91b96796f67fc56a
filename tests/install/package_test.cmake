# ctest package_deb: `cpack -G DEB` in the build directory produces a .deb
# whose file list holds the tools, the runtime library, its headers and the
# package config. Cheap: no compression.
#   cmake -DBUILD_DIR=<build> -P package_test.cmake
set(out_dir ${BUILD_DIR}/tests/install/package)
file(REMOVE_RECURSE ${out_dir})
execute_process(COMMAND cpack -G DEB -B ${out_dir} -D CPACK_DEBIAN_COMPRESSION_TYPE=none
                WORKING_DIRECTORY ${BUILD_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack -G DEB failed (${rc}):\n${out}\n${err}")
endif()
file(GLOB debs ${out_dir}/*.deb)
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "cpack made ${n} .deb files: ${debs}\n${out}")
endif()
execute_process(COMMAND dpkg-deb -c ${debs} RESULT_VARIABLE rc OUTPUT_VARIABLE list ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dpkg-deb -c ${debs} failed: ${err}")
endif()
foreach(f usr/bin/flowc usr/bin/flowc-serve usr/bin/flowrun usr/bin/flowrun-serve usr/lib/libcallflow_runtime.a usr/include/callflow/runtime.h
          usr/lib/cmake/callflow/callflowConfig.cmake usr/share/doc/callflow/README.md)
  if(NOT list MATCHES "\\./${f}\n")
    message(FATAL_ERROR "${debs} lacks ${f}:\n${list}")
  endif()
endforeach()
message(STATUS "package_deb: ${debs}")
