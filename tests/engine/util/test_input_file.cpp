#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using nnfs::test::TempDir;

using nnfs::test::error_message;

TEST_CASE("open_input_file refuses what is not a regular file, without blocking", "[util][input_file]") {
  TempDir dir;
  const std::string fifo = dir.file("f");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // A plain open() would wait here for a writer forever.
  CHECK(error_message([&] { nnfs::open_input_file(fifo); }) == fifo + ": is a named pipe (FIFO), expected a regular file");
  CHECK(error_message([&] { nnfs::read_file(fifo); }) == fifo + ": is a named pipe (FIFO), expected a regular file");
  CHECK(error_message([&] { nnfs::open_input_file(dir.path().string()); }) ==
        dir.path().string() + ": is a directory, expected a file");
  CHECK(error_message([&] { nnfs::open_input_file("/dev/zero"); }) ==
        "/dev/zero: is a character device, expected a regular file");
  CHECK(error_message([&] { nnfs::open_input_file(dir.file("missing")); }) == dir.file("missing") + ": no such file");
  CHECK(error_message([&] { nnfs::open_input_file(""); }) == "cannot read a file with an empty path");

  const std::string sock = dir.file("s");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, sock.c_str(), sizeof addr.sun_path - 1);
  if (sock.size() < sizeof addr.sun_path && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
    CHECK(error_message([&] { nnfs::open_input_file(sock); }) == sock + ": is a socket, expected a regular file");
  ::close(fd);
}

TEST_CASE("open_input_file opens a regular file and reports its size", "[util][input_file]") {
  TempDir dir;
  const std::string path = dir.write_text("a.txt", "hello");
  const nnfs::InputFile f = nnfs::open_input_file(path);
  CHECK(f.size() == 5);
  char buf[8] = {};
  CHECK(::read(f.fd(), buf, sizeof buf) == 5);  // blocking reads work as usual
  CHECK(nnfs::require_regular_file(path) == 5);
}

TEST_CASE("require_directory names what the path is instead", "[util][input_file]") {
  TempDir dir;
  const std::string file = dir.write_text("x.png", "x");
  CHECK_NOTHROW(nnfs::require_directory(dir.path().string()));
  CHECK(error_message([&] { nnfs::require_directory(file); }) == file + ": is a regular file, expected a directory");
  CHECK(error_message([&] { nnfs::require_directory(dir.file("none")); }) == dir.file("none") + ": no such directory");
}
