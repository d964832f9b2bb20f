#pragma once
// Two things Pistache 0.0.5 cannot do to its own listening socket (the descriptor is private):
// - close it without stopping the workers, so that a draining server refuses new connections
//   while its requests in flight finish (Endpoint::shutdown() stops the workers too; measured:
//   the response of a request in flight is lost, and later connections hang unanswered);
// - take a listen backlog: Endpoint::Options::backlog is not passed on (measured: `ss -ltn`
//   shows 128 whatever is set).
#include <cstdint>

namespace scimd::http {

/// Finds this process's listening TCP socket bound to `port` and closes it in place: the
/// descriptor is pointed at /dev/null (dup2), so the kernel closes the socket (new connections
/// are refused and it leaves Pistache's epoll set) while the number stays valid until Pistache
/// closes it itself. Returns false when no such socket was found.
bool close_listening_socket(uint16_t port);

/// Sets the backlog of this process's listening TCP socket on `port` (listen() again, which
/// Linux allows on a listening socket). Returns false when no such socket was found.
bool set_listen_backlog(uint16_t port, int backlog);

}  // namespace scimd::http
