/*
 * The pod sandbox's process for the one-machine cluster (ticketing/pause:local, the kubelet's sandbox image:
 * the public pause image lives in a registry this machine cannot reach). It holds the pod's namespaces open:
 * it sleeps until SIGTERM or SIGINT (then exits 0) and, as PID 1 of a pod that shares its process namespace,
 * reaps the orphans handed to it. Built static (gcc -static) so the image needs nothing but this file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int signo) {
  (void)signo;
  _exit(0);
}

static void reap(int signo) {
  int saved = errno;
  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static void on(int signo, void (*handler)(int), int flags) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  if (sigaction(signo, &action, NULL) < 0) {
    perror("pause: sigaction");
    exit(1);
  }
}

int main(void) {
  if (getpid() != 1) fputs("pause: not PID 1, orphans will not be reaped here\n", stderr);
  on(SIGTERM, stop, 0);
  on(SIGINT, stop, 0);
  on(SIGCHLD, reap, SA_NOCLDSTOP | SA_RESTART);
  for (;;) pause();
}
