#pragma once
// Closing the listening socket of a running server without stopping its workers, so that a
// draining server refuses new connections while its requests in flight finish.
//
// Pistache 0.0.5 cannot do this: Endpoint::shutdown() stops the workers too (measured: the
// response of a request in flight is lost, and connections made afterwards hang unanswered),
// and its listening descriptor is private.
#include <cstdint>

namespace scimd::http {

/// Finds this process's listening TCP socket bound to `port` and closes it in place: the
/// descriptor is pointed at /dev/null (dup2), so the kernel closes the socket (new connections
/// are refused and it leaves Pistache's epoll set) while the number stays valid until Pistache
/// closes it itself. Returns false when no such socket was found.
bool close_listening_socket(uint16_t port);

}  // namespace scimd::http
