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
separate_arguments(cflags UNIX_COMMAND "${cflags}")
run(c++ ${cflags} -fno-exceptions -fno-rtti ${SOURCE_DIR}/tests/package/consumer/main.cpp -o ${WORK_DIR}/pc-consumer)
run(${WORK_DIR}/pc-consumer)
message(STATUS "package test passed")
