# Eigen from Debian's libeigen3-dev. Under Emscripten the toolchain confines find_package to its
# sysroot, so point it at the Eigen config explicitly; Eigen adds only /usr/include/eigen3.
if(EMSCRIPTEN)
  set(Eigen3_DIR /usr/share/eigen3/cmake CACHE PATH "")
  find_package(Eigen3 3.4 REQUIRED NO_MODULE NO_CMAKE_FIND_ROOT_PATH)
else()
  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
endif()

# RapidJSON (header-only, Debian's rapidjson-dev). Adding /usr/include itself to a wasm build would
# pull glibc headers into Emscripten's sysroot, so expose only the rapidjson folder via a link.
find_path(LRLAB_RAPIDJSON_HEADER rapidjson/document.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH
          REQUIRED)
set(LRLAB_RAPIDJSON_INCLUDE ${CMAKE_BINARY_DIR}/third_party_include)
file(MAKE_DIRECTORY ${LRLAB_RAPIDJSON_INCLUDE})
file(CREATE_LINK ${LRLAB_RAPIDJSON_HEADER}/rapidjson ${LRLAB_RAPIDJSON_INCLUDE}/rapidjson SYMBOLIC)
add_library(lrlab_rapidjson INTERFACE)
target_include_directories(lrlab_rapidjson SYSTEM INTERFACE ${LRLAB_RAPIDJSON_INCLUDE})
