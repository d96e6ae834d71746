# SPDX-License-Identifier: MIT
# The Debian package libmpio-dev, built with CPack from the install rules:
# the headers, the CMake package (find_package(mpio CONFIG)), mpio.pc, the
# license, and the C library (libmpio_c) when it is built.
#
#   cmake -S . -B build/deb -DCMAKE_INSTALL_PREFIX=/usr -DMPIO_BUILD_TESTS=OFF -DMPIO_BUILD_TOOLS=OFF
#   cmake --build build/deb && (cd build/deb && cpack -G DEB)
#
# .ci/gates/debian-package builds it, installs it with dpkg -i, builds
# consumers with find_package and with pkg-config, then removes it.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "libmpio-dev")
set(CPACK_PACKAGE_VENDOR "The mpio authors")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")  # from include/mpio/core/version.hpp
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "mpio is the logic of a multipath storage stack (SCSI INQUIRY/VPD/RTPG/sense parsers,
device identifiers, grouping and claiming, path-selection policies, error
interpretation and failover) as a header-only C++20 library without heap,
exceptions or RTTI, plus a C library for C drivers and daemons.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The mpio authors")
set(CPACK_DEBIAN_PACKAGE_SECTION "libdevel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")  # libmpio-dev_<version>_<arch>.deb
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
# The C library is compiled code: the package is per architecture, and
# dpkg-shlibdeps works out its run-time dependencies.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
