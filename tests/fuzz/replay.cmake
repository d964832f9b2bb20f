# Replays every fuzz target's committed inputs once in the normal build (tests/CMakeLists.txt
# includes this file): the targets are compiled with the project's compiler and replay_main.cpp
# instead of libFuzzer, so CI checks the corpora on every run, without clang and without
# fuzzing. tests/fuzz/run.sh does the fuzzing (clang, ASan, UBSan).
set(scimd_fuzz_dir ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
find_package(SQLite3 REQUIRED)

foreach(target filter_parser path_parser)
  add_executable(fuzz_replay_${target} ${scimd_fuzz_dir}/replay_main.cpp ${scimd_fuzz_dir}/fuzz_${target}.cpp
                                       ${CMAKE_CURRENT_SOURCE_DIR}/unit/filters/test_schema.cpp)
  target_include_directories(fuzz_replay_${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/filters)
  target_link_libraries(fuzz_replay_${target} PRIVATE scimd_filters scimd_warnings)
  string(REGEX REPLACE "_parser$" "" seeds ${target})
  add_test(NAME fuzz.replay.${target}
           COMMAND fuzz_replay_${target} --lines ${scimd_fuzz_dir}/${seeds}_seeds.txt)
endforeach()
target_sources(fuzz_replay_filter_parser PRIVATE ${scimd_fuzz_dir}/sqlite_oracle.cpp)
target_link_libraries(fuzz_replay_filter_parser PRIVATE SQLite::SQLite3)

foreach(target patch_body resource_body)
  add_executable(fuzz_replay_${target} ${scimd_fuzz_dir}/replay_main.cpp ${scimd_fuzz_dir}/fuzz_${target}.cpp)
  target_link_libraries(fuzz_replay_${target} PRIVATE scimd_core scimd_warnings)
  add_test(NAME fuzz.replay.${target} COMMAND fuzz_replay_${target} ${scimd_fuzz_dir}/corpus/fuzz_${target})
endforeach()
set_tests_properties(fuzz.replay.filter_parser fuzz.replay.path_parser fuzz.replay.patch_body
                     fuzz.replay.resource_body PROPERTIES LABELS fuzz TIMEOUT 300)
