# SPDX-License-Identifier: MIT
# Package test: install mpio into a scratch prefix and build a consumer with
# find_package(mpio CONFIG), with add_subdirectory(), and with pkg-config.
# Run by ctest: cmake -DSOURCE_DIR=... -DBUILD_DIR=... -DWORK_DIR=... -P check.cmake
foreach(var SOURCE_DIR BUILD_DIR WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "${var} not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
endfunction()

set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/mpio/mpio.hpp share/cmake/mpio/mpioConfig.cmake share/cmake/mpio/mpioConfigVersion.cmake
          share/cmake/mpio/mpioTargets.cmake share/pkgconfig/mpio.pc share/doc/mpio/LICENSE)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# the license is named by every package format
file(READ ${prefix}/share/pkgconfig/mpio.pc pc)
file(READ ${prefix}/share/cmake/mpio/mpioConfig.cmake config)
file(READ ${prefix}/share/doc/mpio/LICENSE license)
if(NOT pc MATCHES "\nLicense: MIT\n" OR NOT config MATCHES "set\\(mpio_LICENSE \"MIT\"\\)" OR NOT license MATCHES "^MIT License")
  message(FATAL_ERROR "the installed package does not name the MIT license (mpio.pc, mpioConfig.cmake, LICENSE)")
endif()

# find_package
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/find -G Ninja -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/find)
run(${WORK_DIR}/find/consumer)

# add_subdirectory (tests and tools must stay off in a subproject)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/subdir -G Ninja -DMPIO_SOURCE_DIR=${SOURCE_DIR})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/subdir)
run(${WORK_DIR}/subdir/consumer)

# pkg-config
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/share/pkgconfig)
execute_process(COMMAND ${PKG_CONFIG} --cflags mpio OUTPUT_VARIABLE cflags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT cflags MATCHES "-I${prefix}/share/pkgconfig/../../include")
  message(FATAL_ERROR "pkg-config --cflags mpio gave '${cflags}'")
endif()
# The consumer chooses the standard: mpio.pc must not impose one (a -std=c++20
# there would downgrade a C++23 consumer), and its Description states the minimum.
if(cflags MATCHES "-std=")
  message(FATAL_ERROR "pkg-config --cflags mpio imposes a standard: '${cflags}'")
endif()
if(NOT pc MATCHES "\nDescription: [^\n]*C\\+\\+20 or later")
  message(FATAL_ERROR "mpio.pc's Description does not state the minimum standard (C++20)")
endif()
separate_arguments(cflags UNIX_COMMAND "${cflags}")
if(NOT CXX)
  set(CXX c++)
endif()
run(${CXX} ${cflags} -std=c++20 -fno-exceptions -fno-rtti ${SOURCE_DIR}/tests/package/consumer/main.cpp -o ${WORK_DIR}/pc-consumer)
run(${WORK_DIR}/pc-consumer)
# A newer standard stays newer: __cplusplus is the consumer's, not 202002L.
file(WRITE ${WORK_DIR}/cxx23.cpp "#include <mpio/mpio.hpp>\nstatic_assert(__cplusplus > 202002L);\nint main() { return 0; }\n")
execute_process(COMMAND ${CXX} -std=c++2b -E -x c++ /dev/null RESULT_VARIABLE rc23 OUTPUT_QUIET ERROR_QUIET)
if(rc23 EQUAL 0)
  run(${CXX} ${cflags} -std=c++2b -fno-exceptions -fno-rtti ${WORK_DIR}/cxx23.cpp -o ${WORK_DIR}/pc-consumer-23)
endif()
# C++17 stops at one clear #error naming the requirement.
file(WRITE ${WORK_DIR}/cxx17.cpp "#include <mpio/mpio.hpp>\nint main() { return 0; }\n")
execute_process(COMMAND ${CXX} ${cflags} -std=c++17 -fsyntax-only ${WORK_DIR}/cxx17.cpp
                RESULT_VARIABLE rc17 OUTPUT_VARIABLE out17 ERROR_VARIABLE err17)
string(REGEX MATCHALL "error:" errors17 "${err17}")
list(LENGTH errors17 count17)
if(rc17 EQUAL 0 OR NOT err17 MATCHES "mpio needs C\\+\\+20" OR NOT count17 EQUAL 1)
  message(FATAL_ERROR "C++17 does not give one clear #error (${count17} errors):\n${err17}")
endif()
message(STATUS "package test passed")
