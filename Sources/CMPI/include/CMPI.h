// OpenMPI, loaded at run time: the library builds and runs without MPI installed,
// and only a distributed run needs libmpi.so.40 (Debian: libopenmpi3, from
// libopenmpi-dev / openmpi-bin). The handles below are OpenMPI's; MPICH has another ABI.
#ifndef DEEP_LEARNING_CMPI_H
#define DEEP_LEARNING_CMPI_H

/// Element types and reduction operations understood by the calls below.
typedef enum { MPIFloat32 = 0, MPIFloat64 = 1, MPIInt64 = 2 } MPIElement;
typedef enum { MPISum = 0, MPIMax = 1, MPIMin = 2 } MPIReduction;

/// An operation in flight; NULL once it has completed.
typedef void *MPIPending;

/// Opens libmpi (or the file named by DEEP_LEARNING_MPI_LIBRARY) once (later calls return at once). 0 on success; otherwise `mpi_load_error()` says why.
int mpi_load(void);
const char *mpi_load_error(void);

/// MPI_Init_thread (serialised calls) with errors returned instead of aborting;
/// fills the rank and the number of processes. Returns an MPI error code (0 = success).
int mpi_initialize(int *rank, int *size);
int mpi_finalize(void);
/// Stops every process of the job (MPI_Abort on COMM_WORLD).
void mpi_abort(int code);
/// MPI's text for an error code.
const char *mpi_error_text(int code);

/// Non-blocking collectives on COMM_WORLD; `*pending` is completed by `mpi_wait`.
int mpi_iallreduce(void *buffer, int count, MPIElement element, MPIReduction reduction, MPIPending *pending);
int mpi_ibcast(void *buffer, int count, MPIElement element, int root, MPIPending *pending);
int mpi_iallgather(const void *send, void *receive, int count, MPIElement element, MPIPending *pending);
int mpi_ibarrier(MPIPending *pending);
/// Lets MPI progress; sets `*done` when the operation has completed.
int mpi_test(MPIPending *pending, int *done);
/// Waits for completion at most `timeout` seconds. Returns 0, an MPI error code, or -1 on timeout.
int mpi_wait(MPIPending *pending, double timeout);

#endif
