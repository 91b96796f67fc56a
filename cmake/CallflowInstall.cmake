# What `cmake --install` puts under the prefix, and the Debian package CPack
# builds from it (`cpack -G DEB` in the build directory):
#   bin/flowc, bin/flowrun                      the tools
#   bin/flowc-serve, bin/flowrun-serve          what `flowc serve` and
#                                               `flowrun serve` run (exec)
#   lib/libcallflow_runtime.a                   the runtime library a host embeds
#   include/callflow/*.h, opcodes.def           its public headers
#   lib/cmake/callflow/                         the package config: a host's
#       find_package(callflow) gives the target callflow::runtime
#   share/doc/callflow/                         README and docs/
# tests/install checks the whole of it: a host project built against an
# install prefix in the build tree, and the package's file list.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS flowc flowc-serve flowrun flowrun-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS callflow_runtime EXPORT callflowTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/callflow
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h" PATTERN "*.def")

set(CALLFLOW_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/callflow)
install(EXPORT callflowTargets NAMESPACE callflow:: DESTINATION ${CALLFLOW_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/callflowConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/callflowConfig.cmake
                              INSTALL_DESTINATION ${CALLFLOW_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/callflowConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/callflowConfig.cmake ${PROJECT_BINARY_DIR}/callflowConfigVersion.cmake
        DESTINATION ${CALLFLOW_CMAKE_DIR})

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- the Debian package ----------------------------------------------------
set(CPACK_PACKAGE_NAME callflow)
set(CPACK_PACKAGE_VENDOR "callflow")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Compiler, checker and runtime for call-centre flows")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "callflow maintainers <callflow@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # callflow_0.1.0_amd64.deb
# The library dependencies of flowc and flowrun (LLVM, ANTLR),
# found by dpkg-shlibdeps when it is installed.
find_program(CALLFLOW_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(CALLFLOW_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
include(CPack)
