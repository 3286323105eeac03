// The few Linux calls Swift cannot reach through Glibc: those declared only under
// _GNU_SOURCE, variadic ones, and fields inside siginfo_t's unions. Each is a plain
// pass-through; the Platform module is their only caller.
#ifndef CPLATFORM_H
#define CPLATFORM_H

#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/types.h>

/// RENAME_NOREPLACE and RENAME_EXCHANGE for cplatform_renameat2.
extern const unsigned int cplatform_rename_noreplace;
extern const unsigned int cplatform_rename_exchange;

/// POSIX_SPAWN_SETSID: the child starts a new session (and so a new process group).
extern const short cplatform_posix_spawn_setsid;

int cplatform_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
                        unsigned int flags);
int cplatform_syncfs(int fd);
int cplatform_close_range(unsigned int first, unsigned int last, unsigned int flags);

/// pipe2(fds, O_CLOEXEC): both ends close on exec, with no window for a fork to leak them.
int cplatform_pipe_cloexec(int fds[2]);

int cplatform_pidfd_open(pid_t pid);
int cplatform_pidfd_send_signal(int pidfd, int signal);

int cplatform_posix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions,
                                                const char *path);
int cplatform_posix_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions,
                                                    int from);

/// ioctl(destination, FICLONE, source): the destination shares the source's blocks
/// copy-on-write (btrfs, xfs, bcachefs); -1 with EOPNOTSUPP, EXDEV or EINVAL elsewhere.
int cplatform_clone_file(int destination, int source);
/// copy_file_range(2) from the current offsets: the kernel copies, no user-space buffer.
ssize_t cplatform_copy_file_range(int source, int destination, size_t length);

/// prctl(PR_SET_DUMPABLE, value).
int cplatform_set_dumpable(int value);
/// prctl(PR_SET_PDEATHSIG, signal).
int cplatform_set_parent_death_signal(int signal);
/// prctl(PR_SET_CHILD_SUBREAPER, value).
int cplatform_set_child_subreaper(int value);

/// ioctl(fd, TIOCGWINSZ): the terminal's columns and rows; -1 when fd is no terminal.
int cplatform_terminal_size(int fd, unsigned short *columns, unsigned short *rows);

/// The pid, si_code and si_status a waitid(2) filled in.
pid_t cplatform_siginfo_pid(const siginfo_t *info);
int cplatform_siginfo_code(const siginfo_t *info);
int cplatform_siginfo_status(const siginfo_t *info);

#endif
