// Parse throughput of the filters identity providers send (identity-providers.md §1.3 item
// 11, §2.2): Entra and Okta match users by userName / externalId / work email, groups by
// displayName, and Entra's incremental cycles filter on meta.lastModified.
// Goal: >= 2.6 million parses/s on one core. Run: filter_parse_bench --benchmark_min_time=2
#include <scimd/filters/parse.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <string_view>

namespace {

using scimd::filters::parse_filter;

constexpr std::array<std::string_view, 12> idp_mix = {
    R"(userName eq "bjensen@example.com")",
    R"(externalId eq "00u1ab2cd3EF4gh5i6j7")",
    R"(emails[type eq "work"].value eq "bjensen@example.com")",
    R"(displayName eq "Sales Team")",
    R"(userName eq "john.doe@contoso.com" and externalId eq "1234")",
    R"(meta.lastModified gt "2011-05-13T04:42:34Z")",
    R"(userName eq "isaac.brock@example.com")",
    R"(externalId eq "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d")",
    R"(displayName eq "Admins" or displayName eq "Engineering")",
    R"(userName eq "UPPER.Case@Example.COM")",
    R"(emails[type eq "work" and value eq "alice@contoso.com"])",
    R"(userName sw "J" and (title pr or active eq true))",
};

// One parse per iteration, cycling through the mix.
void BM_ParseIdpMix(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    auto filter = parse_filter(idp_mix[i]);
    benchmark::DoNotOptimize(filter);
    i = i + 1 == idp_mix.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseIdpMix);

// Each filter alone, to see which shapes cost what.
void BM_ParseOne(benchmark::State& state) {
  const std::string_view text = idp_mix[static_cast<std::size_t>(state.range(0))];
  for (auto _ : state) {
    auto filter = parse_filter(text);
    benchmark::DoNotOptimize(filter);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(text));
}
BENCHMARK(BM_ParseOne)->DenseRange(0, static_cast<int>(idp_mix.size()) - 1);

}  // namespace

BENCHMARK_MAIN();
