#include "http/listen_socket.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace scimd::http {

namespace {

bool is_listening_on(int fd, uint16_t port) {
  int accepting = 0;
  socklen_t len = sizeof accepting;
  if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting) return false;
  sockaddr_storage addr{};
  socklen_t addr_len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) return false;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port) == port;
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port) == port;
  return false;
}

std::vector<int> listening_sockets(uint16_t port) {
  std::vector<int> fds;
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return fds;
  int own = dirfd(dir);
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd <= 2 || fd == own) continue;
    if (is_listening_on(static_cast<int>(fd), port)) fds.push_back(static_cast<int>(fd));
  }
  closedir(dir);
  return fds;
}

}  // namespace

bool close_listening_socket(uint16_t port) {
  auto fds = listening_sockets(port);
  if (fds.empty()) return false;
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) return false;
  bool closed = false;
  for (int fd : fds) closed = dup3(null_fd, fd, O_CLOEXEC) == fd || closed;
  close(null_fd);
  return closed;
}

bool set_listen_backlog(uint16_t port, int backlog) {
  bool set = false;
  for (int fd : listening_sockets(port)) set = ::listen(fd, backlog) == 0 || set;
  return set;
}

}  // namespace scimd::http
