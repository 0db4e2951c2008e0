// Loads OpenMPI with dlopen and forwards a handful of calls (see CMPI.h).
// OpenMPI's predefined handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, ...) are the
// addresses of exported globals, so they are found with dlsym like the functions.
#include "CMPI.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define IN_PLACE ((void *)1)
#define THREAD_SERIALIZED 2

static void *world, *errors_return, *types[3], *reductions[3];
static int (*init_thread)(int *, char ***, int, int *);
static int (*finalize)(void);
static int (*abort_world)(void *, int);
static int (*comm_rank)(void *, int *);
static int (*comm_size)(void *, int *);
static int (*set_errhandler)(void *, void *);
static int (*error_string)(int, char *, int *);
static int (*iallreduce)(const void *, void *, int, void *, void *, void *, MPIPending *);
static int (*ibcast)(void *, int, void *, int, void *, MPIPending *);
static int (*iallgather)(const void *, int, void *, void *, int, void *, void *, MPIPending *);
static int (*ibarrier)(void *, MPIPending *);
static int (*test)(MPIPending *, int *, void *);

static char load_error[512];
static int load_status = -1;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libmpi.so.40", "libmpi.so", "/opt/homebrew/lib/libmpi.dylib", "/usr/local/lib/libmpi.dylib"};
    void *h = NULL;
    // DEEP_LEARNING_MPI_LIBRARY names the library to open instead (an OpenMPI outside the usual paths).
    const char *chosen = getenv("DEEP_LEARNING_MPI_LIBRARY");
    if (chosen && *chosen) names[0] = chosen;
    size_t tries = chosen && *chosen ? 1 : sizeof names / sizeof names[0];
    // RTLD_GLOBAL: OpenMPI's plug-ins resolve their symbols against the already loaded libmpi.
    for (size_t i = 0; i < tries && !h; i++) h = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        snprintf(load_error, sizeof load_error,
                 "OpenMPI could not be loaded (%s). Install it with: apt-get install libopenmpi-dev openmpi-bin "
                 "(macOS: brew install open-mpi).", dlerror());
        return;
    }
#define FIND(var, name) if (!(*(void **)&var = dlsym(h, name))) { \
        snprintf(load_error, sizeof load_error, "the loaded MPI library has no %s (OpenMPI 4 or newer is needed)", name); return; }
    FIND(world, "ompi_mpi_comm_world") FIND(errors_return, "ompi_mpi_errors_return")
    FIND(types[MPIFloat32], "ompi_mpi_float") FIND(types[MPIFloat64], "ompi_mpi_double") FIND(types[MPIInt64], "ompi_mpi_int64_t")
    FIND(reductions[MPISum], "ompi_mpi_op_sum") FIND(reductions[MPIMax], "ompi_mpi_op_max") FIND(reductions[MPIMin], "ompi_mpi_op_min")
    FIND(init_thread, "MPI_Init_thread") FIND(finalize, "MPI_Finalize") FIND(abort_world, "MPI_Abort")
    FIND(comm_rank, "MPI_Comm_rank") FIND(comm_size, "MPI_Comm_size") FIND(set_errhandler, "MPI_Comm_set_errhandler")
    FIND(error_string, "MPI_Error_string") FIND(iallreduce, "MPI_Iallreduce") FIND(ibcast, "MPI_Ibcast")
    FIND(iallgather, "MPI_Iallgather") FIND(ibarrier, "MPI_Ibarrier") FIND(test, "MPI_Test")
#undef FIND
    load_status = 0;
}

int mpi_load(void) {
    pthread_once(&once, load);
    return load_status;
}

const char *mpi_load_error(void) { return load_error; }

int mpi_initialize(int *rank, int *size) {
    int provided = 0, code = init_thread(NULL, NULL, THREAD_SERIALIZED, &provided);
    if (code) return code;
    if ((code = set_errhandler(world, errors_return))) return code;
    if ((code = comm_rank(world, rank))) return code;
    return comm_size(world, size);
}

int mpi_finalize(void) { return finalize(); }
void mpi_abort(int code) { abort_world(world, code); }

const char *mpi_error_text(int code) {
    static char text[512];
    int length = 0;
    if (mpi_load() != 0 || error_string(code, text, &length) != 0) snprintf(text, sizeof text, "MPI error %d", code);
    return text;
}

int mpi_iallreduce(void *buffer, int count, MPIElement element, MPIReduction reduction, MPIPending *pending) {
    return iallreduce(IN_PLACE, buffer, count, types[element], reductions[reduction], world, pending);
}

int mpi_ibcast(void *buffer, int count, MPIElement element, int root, MPIPending *pending) {
    return ibcast(buffer, count, types[element], root, world, pending);
}

int mpi_iallgather(const void *send, void *receive, int count, MPIElement element, MPIPending *pending) {
    return iallgather(send, count, types[element], receive, count, types[element], world, pending);
}

int mpi_ibarrier(MPIPending *pending) { return ibarrier(world, pending); }

int mpi_test(MPIPending *pending, int *done) { return test(pending, done, NULL); }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int mpi_wait(MPIPending *pending, double timeout) {
    double start = now();
    for (long polls = 0;; polls++) {
        int done = 0, code = test(pending, &done, NULL);
        if (code) return code;
        if (done) return 0;
        if (now() - start > timeout) return -1;
        // Spin briefly for low latency, then sleep so a waiting rank leaves its core to others.
        if (polls < 2000) sched_yield();
        else nanosleep(&(struct timespec){0, 50000}, NULL);
    }
}
