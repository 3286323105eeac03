#define _GNU_SOURCE
#include "CPlatform.h"

#include <fcntl.h>
#include <stdio.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const unsigned int cplatform_rename_noreplace = RENAME_NOREPLACE;
const unsigned int cplatform_rename_exchange = RENAME_EXCHANGE;
const short cplatform_posix_spawn_setsid = POSIX_SPAWN_SETSID;

int cplatform_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
                        unsigned int flags) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

int cplatform_syncfs(int fd) { return syncfs(fd); }

int cplatform_close_range(unsigned int first, unsigned int last, unsigned int flags) {
    return close_range(first, last, (int)flags);
}

int cplatform_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cplatform_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int cplatform_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}

int cplatform_posix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions,
                                                const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int cplatform_posix_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions,
                                                    int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int cplatform_clone_file(int destination, int source) { return ioctl(destination, FICLONE, source); }

ssize_t cplatform_copy_file_range(int source, int destination, size_t length) {
    return copy_file_range(source, NULL, destination, NULL, length, 0);
}

int cplatform_set_dumpable(int value) { return prctl(PR_SET_DUMPABLE, value, 0, 0, 0); }

int cplatform_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0);
}

int cplatform_set_child_subreaper(int value) {
    return prctl(PR_SET_CHILD_SUBREAPER, value, 0, 0, 0);
}

int cplatform_terminal_size(int fd, unsigned short *columns, unsigned short *rows) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *columns = size.ws_col;
    *rows = size.ws_row;
    return 0;
}

pid_t cplatform_siginfo_pid(const siginfo_t *info) { return info->si_pid; }
int cplatform_siginfo_code(const siginfo_t *info) { return info->si_code; }
int cplatform_siginfo_status(const siginfo_t *info) { return info->si_status; }
