// CBOW training (word2vec's, as in gensim with cbow_mean=1): the mean of the context's input
// vectors predicts the target through a loss over output vectors. Runs in bounded steps (so a
// Worker stays responsive) or on several threads (Hogwild, but with each thread's own copies of the
// most frequent rows, merged every few thousand tokens: hot_rows.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "loss.h"
#include "option_table.h"
#include "vocabulary.h"

namespace m2v {

LossKind parseLossKind(const std::string& name);  // "nce" | "negative" | "softmax"; throws std::invalid_argument otherwise
const char* lossKindName(LossKind kind);

// Every default and range is the option table's (option_table.cpp).
struct TrainOptions {
    int dim = static_cast<int>(trainDefault("dim"));
    int window = static_cast<int>(trainDefault("window"));      // up to this many movies on each side (shrunk at random per token, as word2vec)
    int negative = static_cast<int>(trainDefault("negative"));  // noise samples per token (losses "nce" and "negative")
    int epochs = static_cast<int>(trainDefault("epochs"));      // 0: autoEpochs() of the corpus, so big files are not passed over 50 times
    float lr = static_cast<float>(trainDefault("lr"));          // decays linearly to lr * 0.0001 over all epochs
    std::uint64_t minCount = static_cast<std::uint64_t>(trainDefault("minCount"));
    double sample = trainDefault("sample");          // frequent-movie down-sampling threshold (word2vec's -sample); 0 = off
    double nsExponent = trainDefault("nsExponent");  // noise drawn in proportion to count^nsExponent (gensim's ns_exponent, there 0.75)
    // Consecutive targets of a sequence that share one draw of negatives (1: a new draw for each,
    // as word2vec); 0: autoShareNegatives(). Their rows are then read from memory once for several
    // targets (docs/performance.md, "Sharing the negatives").
    int shareNegatives = static_cast<int>(trainDefault("shareNegatives"));
    // For each target, this many movies drawn from the window's earlier side each predict it alone
    // too (a skip-gram pair beside CBOW's mean): what "next" asks of the most recent movie of a
    // history. 1 predicts the next movie better and makes neighbours less coherent in genre
    // (docs/quality.md, "Pairs from earlier movies"); each pair costs about one more target.
    int nextPairs = static_cast<int>(trainDefault("nextPairs"));
    // 0: no next model. Otherwise a second model (Model::nextInput, nextOutput) is trained beside
    // CBOW on the same sequences, only by pairs: for each target, this many movies drawn from the
    // window's earlier side each predict it alone. "next" adds its score to CBOW's, so what to
    // watch next gains what pairs teach while the neighbours stay CBOW's (docs/quality.md, "A
    // second model for what to watch next"); each pair costs about one more target.
    int nextModel = static_cast<int>(trainDefault("nextModel"));
    std::uint64_t seed = static_cast<std::uint64_t>(trainDefault("seed"));
    int threads = static_cast<int>(trainDefault("threads"));    // > 1: run() trains on that many threads, and runs are not bit-identical
    LossKind loss = parseLossKind(trainOption("loss").defaultChoice);

    // Throws std::invalid_argument naming the option, its value and the table's range:
    // "dim must be between 1 and 1024, got 0".
    void validate() const;
};

// The epochs that training uses when TrainOptions::epochs is 0: as many passes as make about
// kAutoEpochTokens tokens in all (50 for ml-latest-small's 100,836), within [kMinAutoEpochs,
// kMaxAutoEpochs]. A big file needs fewer passes: each one already holds many examples of every
// popular movie. A small file needs more: below 40,000 tokens, as many as make
// kSmallFileEpochTokens in all, up to kMaxSmallFileEpochs (docs/quality.md, "Epochs").
constexpr std::uint64_t kAutoEpochTokens = 5'000'000;
constexpr int kMinAutoEpochs = 1;
constexpr int kMaxAutoEpochs = 50;
constexpr std::uint64_t kSmallFileEpochTokens = 2'000'000;
constexpr int kMaxSmallFileEpochs = 100;
int autoEpochs(std::uint64_t tokensPerEpoch);

// The noise samples of each of the next model's pairs (at most TrainOptions::negative): as
// skip-gram's usual 5, where more pairs help more than more negatives for the same time
// (docs/quality.md, "A second model for what to watch next").
constexpr int kNextModelNegative = 5;
int nextModelNegative(const TrainOptions& options);

// The targets per draw of negatives when TrainOptions::shareNegatives is 0: 1 while the two
// matrices (movies x dim floats each) fit in kShareAboveBytes, kAutoShare above. Small models
// sit in the caches, and a draw for every target is a little better on eval (docs/quality.md,
// "Sharing the negatives"); on a big catalogue most noise rows are cache misses, and sharing
// them makes training 25-80% faster.
constexpr std::size_t kShareAboveBytes = std::size_t(8) << 20;
constexpr int kAutoShare = 4;
int autoShareNegatives(std::size_t movies, int dim);

struct TrainProgress {
    int epoch = 0;                    // 1-based epoch being trained (epochs when done)
    int epochs = 0;
    std::uint64_t tokensDone = 0;     // over all epochs
    std::uint64_t tokensTotal = 0;
    double tokensPerSecond = 0;
    double loss = 0;                  // mean loss per trained token of the current epoch so far
    std::vector<double> epochLosses;  // mean loss per trained token of each finished epoch
    double seconds = 0;
    bool done = false;
};

struct Model {
    Matrix input;   // one row per vocabulary entry: the embeddings
    Matrix output;  // the context (output) vectors
    // The next model (TrainOptions::nextModel), in the same rows; 0 rows without one.
    Matrix nextInput;
    Matrix nextOutput;
};

class Trainer {
public:
    // The model's matrices together (two, or four with a next model) may take at most this much memory.
    static constexpr std::size_t kMaxModelBytes = std::size_t(1) << 30;

    Trainer(Corpus corpus, Vocabulary vocabulary, const TrainOptions& options);
    ~Trainer();

    // Trains whole sequences until at least maxTokens tokens were processed, or the end. On one
    // thread the result depends only on the seed, never on how training is cut into steps; with
    // options.threads above 1, each thread trains about maxTokens / threads of them.
    TrainProgress step(std::uint64_t maxTokens);
    // options.threads threads until done; onProgress is called from this thread about every
    // 200 ms and once at the end; returning false cancels.
    TrainProgress run(const std::function<bool(const TrainProgress&)>& onProgress = {});
    // For a caller that polls (the page's Worker): with options.threads above 1, starts the
    // threads if they are not running, returns once about maxTokens more tokens are trained (or
    // training is done), and leaves them training, so no core waits while the caller does its
    // own work between two calls; they stop when training is done, at stop() or with the
    // trainer. The loss of the epoch in progress is as of each thread's last merge. On one
    // thread: step(maxTokens).
    TrainProgress advance(std::uint64_t maxTokens);
    // Stops the threads advance() left running, keeping what they trained.
    void stop();

    TrainProgress progress() const;
    const Model& model() const { return model_; }
    const Vocabulary& vocabulary() const { return vocabulary_; }
    const Corpus& corpus() const { return corpus_; }
    const TrainOptions& options() const { return options_; }
    std::uint64_t tokensPerEpoch() const { return corpus_.tokens.size(); }

private:
    struct Worker;
    struct Parallel;
    struct FreeRun;
    // Every thread trains about tokensPerThread tokens (or to the end, or until stop); returns when all have.
    void startThreads();
    void trainThreads(std::uint64_t tokensPerThread, const std::atomic<bool>& stop);
    void trainShare(int thread, std::uint64_t tokens, const std::atomic<bool>& stop);
    void startFree();
    TrainProgress pollFree();
    void collectEpochs(bool joined);
    void trainSequence(Worker& worker, std::size_t sequence, int epoch);
    float learningRate(std::uint64_t tokensDone) const;
    void finishEpochIfComplete();

    Corpus corpus_;
    Vocabulary vocabulary_;
    TrainOptions options_;
    Model model_;
    std::shared_ptr<const AliasTable> noise_;
    std::shared_ptr<const std::vector<float>> nceOffsets_;      // loss "nce" only
    std::shared_ptr<const std::vector<float>> nextNceOffsets_;  // the same for the next model's negatives
    std::vector<float> keepProbability_;  // down-sampling; empty when off

    // Progress of step(): the next sequence of the current epoch.
    int epoch_ = 0;
    std::size_t nextSequence_ = 0;
    std::unique_ptr<Worker> stepWorker_;
    std::unique_ptr<Parallel> parallel_;  // threads above 1: each thread's worker and place
    std::unique_ptr<FreeRun> free_;       // threads running on their own (run(), advance())

    alignas(64) std::atomic<std::uint64_t> tokensDone_{0};  // written by every thread: a cache line of its own
    alignas(64) double secondsTrained_ = 0;
    std::vector<double> epochLossSum_;
    std::vector<std::uint64_t> epochExamples_;
    std::vector<double> epochLosses_;
};

}  // namespace m2v
