# Tests of the MPI build (-DHOPFIELD_MPI=ON), each under mpirun with 1, 2 and 4 processes on this machine:
# oversubscribed (more processes than cores), over loopback only, as root where CI runs as root.
set(HOPFIELD_MPIRUN_FLAGS --oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include
                          lo)
set(HOPFIELD_MPI_TEST_ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMP_NUM_THREADS=1")

add_executable(hopfield_sharded_memory_check ${CMAKE_CURRENT_SOURCE_DIR}/mpi/sharded_memory_check.cpp)
target_link_libraries(hopfield_sharded_memory_check PRIVATE hopfield_mpi fmt::fmt hopfield_warnings)

set(HOPFIELD_MPI_TESTS)
foreach(processes 1 2 4)
  set(folder ${CMAKE_CURRENT_BINARY_DIR}/mpi_sharded_${processes})
  file(MAKE_DIRECTORY ${folder})
  add_test(NAME Mpi.ShardedMemoryEqualsOneProcess.np${processes}
           COMMAND ${MPIEXEC_EXECUTABLE} ${HOPFIELD_MPIRUN_FLAGS} -np ${processes}
                   $<TARGET_FILE:hopfield_sharded_memory_check> ${folder})
  list(APPEND HOPFIELD_MPI_TESTS Mpi.ShardedMemoryEqualsOneProcess.np${processes})
endforeach()
# The same checks without mpirun: a plain process of an MPI build never starts MPI.
add_test(NAME Mpi.ShardedMemoryWithoutMpirun COMMAND hopfield_sharded_memory_check ${CMAKE_CURRENT_BINARY_DIR})
list(APPEND HOPFIELD_MPI_TESTS Mpi.ShardedMemoryWithoutMpirun)

# Experiments under mpirun: JSON byte-identical to a plain run; a failure on one process ends all of them.
add_test(NAME Mpi.ExperimentsEqualOneProcess
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/mpi/check_experiments.sh $<TARGET_FILE:hopfield_cli>
                 ${MPIEXEC_EXECUTABLE} ${HOPFIELD_MPIRUN_FLAGS})
list(APPEND HOPFIELD_MPI_TESTS Mpi.ExperimentsEqualOneProcess)
add_test(NAME Mpi.FailureOnOneProcessEndsAll
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/mpi/check_failure.sh $<TARGET_FILE:hopfield_cli>
                 ${MPIEXEC_EXECUTABLE} ${HOPFIELD_MPIRUN_FLAGS})
list(APPEND HOPFIELD_MPI_TESTS Mpi.FailureOnOneProcessEndsAll)
add_test(NAME Mpi.ShardRetrievalCommand
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/mpi/check_shard_retrieval.sh $<TARGET_FILE:hopfield_cli>
                 ${MPIEXEC_EXECUTABLE} ${HOPFIELD_MPIRUN_FLAGS})
list(APPEND HOPFIELD_MPI_TESTS Mpi.ShardRetrievalCommand)

# A hang is a failure, not a stuck CI.
set_tests_properties(${HOPFIELD_MPI_TESTS} PROPERTIES ENVIRONMENT "${HOPFIELD_MPI_TEST_ENVIRONMENT}" TIMEOUT 120
                                                      RUN_SERIAL TRUE)
# These two run mpirun about 40 and 6 times (about 50 s and 10 s on a loaded machine); the failure test's own
# bound on a run is 60 s.
set_tests_properties(Mpi.ExperimentsEqualOneProcess Mpi.FailureOnOneProcessEndsAll PROPERTIES TIMEOUT 300)
