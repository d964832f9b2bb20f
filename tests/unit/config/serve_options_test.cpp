#include "config/serve_options.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace scimd::config {
namespace {

// A `scimd serve` command line as main builds it, parsed like main does.
class ServeOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    serve_ = app_.add_subcommand("serve");
    serve_->add_option("--db", cfg_.db_url)->envname("SCIMD_DB");
    add_serve_options(*serve_, cfg_);
    serve_->add_option("--other-flag", other_flag_);  // as a flag added by another module, without envname
    add_default_env_names(*serve_);
  }
  void TearDown() override {
    for (const auto& name : set_env_) unsetenv(name.c_str());
    if (!file_.empty()) std::filesystem::remove(file_);
  }

  void env(const std::string& name, const std::string& value) {
    setenv(name.c_str(), value.c_str(), 1);
    set_env_.push_back(name);
  }
  std::string write_file(const std::string& toml) {
    file_ = std::filesystem::temp_directory_path() / ("scimd-config-" + std::to_string(getpid()) + ".toml");
    std::ofstream(file_) << toml;
    return file_;
  }
  void parse(std::vector<std::string> args) {
    args.insert(args.begin(), "serve");
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments reversed
    app_.parse(args);
    apply_config_file(*serve_, cfg_.config_file);
  }

  CLI::App app_;
  CLI::App* serve_ = nullptr;
  Config cfg_;
  int other_flag_ = 0;
  std::vector<std::string> set_env_;
  std::string file_;
};

TEST_F(ServeOptions, DefaultsWithoutFileOrEnvironment) {
  parse({});
  EXPECT_EQ(cfg_.listen, "127.0.0.1:8080");
  EXPECT_EQ(cfg_.log_format, "json");
  EXPECT_EQ(cfg_.shutdown_timeout, 10);
  EXPECT_EQ(cfg_.rate_limit, 0);
  EXPECT_EQ(cfg_.max_body_bytes, 16u * 1024 * 1024);
  EXPECT_EQ(cfg_.header_timeout, 10);
  EXPECT_EQ(cfg_.body_timeout, 60);
}

TEST_F(ServeOptions, FileSetsEverySetting) {
  parse({"--config", write_file(R"(# every serve flag, by its long name
db = "sqlite:/var/lib/scimd/x.db"
listen = "0.0.0.0:9000"
threads = 8
public-url = "https://scim.example.com/scim/v2"
tls-cert = "/etc/scimd/cert.pem"
tls-key = "/etc/scimd/key.pem"
log-level = "debug"
log-format = "text"
shutdown-timeout = 30
rate-limit = 2.5
rate-burst = 10
max-body-bytes = 2097152
header-timeout = 5
body-timeout = 120
other-flag = 3
)")});
  EXPECT_EQ(cfg_.db_url, "sqlite:/var/lib/scimd/x.db");
  EXPECT_EQ(cfg_.listen, "0.0.0.0:9000");
  EXPECT_EQ(cfg_.threads, 8);
  EXPECT_EQ(cfg_.public_url, "https://scim.example.com/scim/v2");
  EXPECT_EQ(cfg_.tls_cert, "/etc/scimd/cert.pem");
  EXPECT_EQ(cfg_.tls_key, "/etc/scimd/key.pem");
  EXPECT_EQ(cfg_.log_level, "debug");
  EXPECT_EQ(cfg_.log_format, "text");
  EXPECT_EQ(cfg_.shutdown_timeout, 30);
  EXPECT_DOUBLE_EQ(cfg_.rate_limit, 2.5);
  EXPECT_DOUBLE_EQ(cfg_.rate_burst, 10);
  EXPECT_EQ(cfg_.max_body_bytes, 2097152u);
  EXPECT_EQ(cfg_.header_timeout, 5);
  EXPECT_EQ(cfg_.body_timeout, 120);
  EXPECT_EQ(other_flag_, 3);
}

TEST_F(ServeOptions, CommandLineBeatsEnvironmentBeatsFileBeatsDefault) {
  env("SCIMD_THREADS", "7");
  env("SCIMD_RATE_LIMIT", "3");
  parse({"--rate-limit", "5", "--config", write_file("listen = \"0.0.0.0:9000\"\nthreads = 8\nrate-limit = 4\n")});
  EXPECT_DOUBLE_EQ(cfg_.rate_limit, 5);      // command line over environment and file
  EXPECT_EQ(cfg_.threads, 7);                // environment over file
  EXPECT_EQ(cfg_.listen, "0.0.0.0:9000");    // file over default
  EXPECT_EQ(cfg_.body_timeout, 60);          // default
}

TEST_F(ServeOptions, ConfigFileComesFromTheEnvironmentToo) {
  env("SCIMD_CONFIG", write_file("header-timeout = 3\n"));
  parse({});
  EXPECT_EQ(cfg_.header_timeout, 3);
}

TEST_F(ServeOptions, EveryServeFlagHasAnEnvironmentVariable) {
  for (CLI::Option* opt : serve_->get_options()) {
    if (opt->get_lnames().empty() || opt->get_lnames().front() == "help") continue;
    EXPECT_FALSE(opt->get_envname().empty()) << opt->get_lnames().front();
  }
  env("SCIMD_OTHER_FLAG", "4");
  env("SCIMD_MAX_BODY_BYTES", "3000000");
  parse({});
  EXPECT_EQ(other_flag_, 4);
  EXPECT_EQ(cfg_.max_body_bytes, 3000000u);
}

TEST_F(ServeOptions, UnknownKeyIsAnErrorNamingItAndItsLine) {
  auto path = write_file("listen = \"0.0.0.0:9000\"\nrate_limit = 5\n");
  try {
    parse({"--config", path});
    FAIL() << "an unknown key was accepted";
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    EXPECT_NE(message.find(path + ":2"), std::string::npos) << message;
    EXPECT_NE(message.find("unknown key 'rate_limit'"), std::string::npos) << message;
    EXPECT_NE(message.find("rate-limit"), std::string::npos) << message;  // the known keys are listed
  }
}

TEST_F(ServeOptions, OutOfRangeValueIsRejectedByTheFlagsOwnCheck) {
  try {
    parse({"--config", write_file("threads = 0\n")});
    FAIL() << "threads = 0 was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("threads"), std::string::npos) << e.what();
  }
}

TEST_F(ServeOptions, UnknownLogFormatIsRejected) {
  EXPECT_THROW(parse({"--config", write_file("log-format = \"xml\"\n")}), std::invalid_argument);
}

TEST_F(ServeOptions, BodyLimitCannotBeBelowTheAdvertisedBulkPayloadSize) {
  EXPECT_THROW(parse({"--config", write_file("max-body-bytes = 1000\n")}), std::invalid_argument);
}

TEST_F(ServeOptions, TablesAreErrors) {
  EXPECT_THROW(parse({"--config", write_file("[server]\nlisten = \"x:1\"\n")}), std::invalid_argument);
}

TEST_F(ServeOptions, SyntaxErrorNamesTheLine) {
  try {
    parse({"--config", write_file("listen = \n")});
    FAIL() << "a syntax error was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(":1:"), std::string::npos) << e.what();
  }
}

TEST_F(ServeOptions, MissingFileIsAnError) {
  EXPECT_THROW(parse({"--config", "/nonexistent/scimd.toml"}), std::invalid_argument);
}

}  // namespace
}  // namespace scimd::config
