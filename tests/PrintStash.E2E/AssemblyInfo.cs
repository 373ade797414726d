// Browser tests share one server and one Chromium (see E2ECollection) and run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
