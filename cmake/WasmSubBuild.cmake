# Builds the wasm module with Debian's Emscripten as a sub-build of this same source tree, and
# registers the Node (label wasm), Chromium (label e2e) and Firefox (label firefox) tests against its
# output.
find_program(LRLAB_EMCMAKE emcmake)
find_program(LRLAB_NODE node REQUIRED)
if(NOT LRLAB_EMCMAKE)
  message(FATAL_ERROR "emcmake not found: run scripts/setup.sh or configure with -DLRLAB_WASM=OFF")
endif()

include(ExternalProject)
set(LRLAB_WASM_DIR ${CMAKE_BINARY_DIR}/wasm)
# Page-weight choices of the module (bindings/CMakeLists.txt), passed down explicitly so that an
# existing sub-build's cache follows a change of default.
set(LRLAB_WASM_EH "wasm" CACHE STRING "C++ exception mechanism of the wasm build: wasm or js")
set(LRLAB_WASM_LINK_OPT "-O3" CACHE STRING "Optimisation flag for the wasm link")
option(LRLAB_WASM_LTO "Link-time optimisation for the wasm build" ON)
option(LRLAB_WASM_CLOSURE "Minify the web modules' JS glue with Closure (npm google-closure-compiler)" ON)
# emcc's JS optimizer needs Debian's acorn from /usr/share/nodejs (docs/toolchain.md#emscripten-316-quirks).
set(LRLAB_EM_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
ExternalProject_Add(lrlab_wasm
  SOURCE_DIR ${PROJECT_SOURCE_DIR}
  BINARY_DIR ${LRLAB_WASM_DIR}
  CONFIGURE_COMMAND ${LRLAB_EM_ENV} ${LRLAB_EMCMAKE} ${CMAKE_COMMAND} -S <SOURCE_DIR> -B <BINARY_DIR>
                    -DCMAKE_BUILD_TYPE=Release -DLRLAB_WASM_EH=${LRLAB_WASM_EH}
                    -DLRLAB_WASM_LINK_OPT=${LRLAB_WASM_LINK_OPT}
                    -DLRLAB_WASM_CLOSURE=${LRLAB_WASM_CLOSURE} -DLRLAB_WASM_LTO=${LRLAB_WASM_LTO}
  BUILD_COMMAND ${LRLAB_EM_ENV} ${CMAKE_COMMAND} --build <BINARY_DIR> -j 2
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  USES_TERMINAL_BUILD ON)

set(LRLAB_TEST_ENV
    LRLAB_WASM_DIR=${LRLAB_WASM_DIR}
    LRLAB_CLI=$<TARGET_FILE:lrlab>
    LRLAB_ARTIFACTS=${CMAKE_BINARY_DIR}/artifacts)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/artifacts)

file(GLOB LRLAB_WASM_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/wasm/*.test.mjs)
foreach(test_file ${LRLAB_WASM_TESTS})
  get_filename_component(test_name ${test_file} NAME_WE)
  add_test(NAME wasm.${test_name}
           COMMAND ${LRLAB_NODE} --no-experimental-fetch --test ${test_file}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(wasm.${test_name} PROPERTIES LABELS wasm ENVIRONMENT "${LRLAB_TEST_ENV}"
                       TIMEOUT 600)
endforeach()

# The page's own logic that needs no browser (labels, words): node:test on the web modules.
file(GLOB LRLAB_WEB_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/web/*.test.mjs)
foreach(test_file ${LRLAB_WEB_TESTS})
  get_filename_component(test_name ${test_file} NAME_WE)
  add_test(NAME web.${test_name} COMMAND ${LRLAB_NODE} --test ${test_file}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web.${test_name} PROPERTIES LABELS web ENVIRONMENT "${LRLAB_TEST_ENV}" TIMEOUT 120)
endforeach()
# The page's types: tsc --checkJs over web/ (tsconfig.json), the worker protocol
# (web/protocol/messages.js) and the Embind API's declarations (web/worker/lrlab-api.d.ts).
# TypeScript is a dev dependency pinned in package-lock.json (npm ci, scripts/setup.sh).
add_test(NAME web.types COMMAND ${LRLAB_NODE} node_modules/typescript/bin/tsc -p tsconfig.json
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(web.types PROPERTIES LABELS web TIMEOUT 600)

file(GLOB LRLAB_E2E_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/e2e/*.test.mjs)
foreach(test_file ${LRLAB_E2E_TESTS})
  get_filename_component(test_name ${test_file} NAME_WE)
  add_test(NAME e2e.${test_name}
           COMMAND ${LRLAB_NODE} --test ${test_file}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # Each e2e file starts its own server on a free port and its own Chromium; run them one at a time.
  set_tests_properties(e2e.${test_name} PROPERTIES LABELS e2e ENVIRONMENT "${LRLAB_TEST_ENV}"
                       TIMEOUT 600 RUN_SERIAL ON)
endforeach()

# A second engine: the same test files in Firefox ESR over WebDriver BiDi (tests/e2e/firefox.mjs),
# for the page's main paths: it loads and trains (smoke), the core loop and divergence, the first
# screen, the single file from file://, the CSP, the sweep, link and exports, and one lesson
# answered twice.
# NAME or NAME:PATTERN (node --test-name-pattern: the tests of that file to run).
set(LRLAB_FIREFOX_TESTS smoke core-loop divergence first-screen single-file csp sweep share-export
    "lessons:a wrong prediction and a right one")
foreach(entry ${LRLAB_FIREFOX_TESTS})
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 test_name)
  set(pattern_args "")
  list(LENGTH parts count)
  if(count GREATER 1)
    list(GET parts 1 pattern)
    set(pattern_args "--test-name-pattern=${pattern}")
  endif()
  add_test(NAME firefox.${test_name}
           COMMAND ${LRLAB_NODE} --test ${pattern_args} ${PROJECT_SOURCE_DIR}/tests/e2e/${test_name}.test.mjs
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(firefox.${test_name} PROPERTIES LABELS firefox
                       ENVIRONMENT "${LRLAB_TEST_ENV};LRLAB_BROWSER=firefox" TIMEOUT 600 RUN_SERIAL ON)
endforeach()
