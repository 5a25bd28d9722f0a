# Fails the configure step when a Catch2 test name contains '[', ']' or ';': catch_discover_tests
# hands names to CMake as a list, where those characters merge every later test into one.
file(GLOB_RECURSE _nnfs_test_sources ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
foreach(_src IN LISTS _nnfs_test_sources)
  file(STRINGS ${_src} _lines REGEX "TEST_CASE\\(\"[^\"]*[][;][^\"]*\"")
  if(_lines)
    message(FATAL_ERROR "${_src}: a TEST_CASE name contains '[', ']' or ';' (CTest cannot list it): ${_lines}")
  endif()
endforeach()
