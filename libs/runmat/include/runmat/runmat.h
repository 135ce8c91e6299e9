/* librunmat C API: for hosts that are not C++. Thin over runmat::Session. */
#ifndef RUNMAT_RUNMAT_H
#define RUNMAT_RUNMAT_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct runmat_session runmat_session;

runmat_session* runmat_session_create(void);
void runmat_session_destroy(runmat_session* s);
/* Returns 0 on success, 1 when the script raised an error (see runmat_last_error). */
int runmat_run_file(runmat_session* s, const char* path);
int runmat_run_code(runmat_session* s, const char* code);
/* MATLAB-style error report of the last failed run ("" if none); owned by the session. */
const char* runmat_last_error(runmat_session* s);
const char* runmat_version(void);

#ifdef __cplusplus
}
#endif
#endif
