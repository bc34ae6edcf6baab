#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "hot_rows.h"
#include "load_report.h"

namespace m2v {

namespace {

using Clock = std::chrono::steady_clock;

// The most one output step may move a score, in logits (trainSequence()).
constexpr float kMaxScoreStep = 4.0f;

// How many tokens a thread trains between merges of its private rows (run()): often enough that
// the threads see each other's steps long before an epoch ends (a user's sequence is about a
// hundred tokens), rarely enough that merging (5 MiB of rows at ml-latest-small's size, read and
// written three times) costs a few per cent (3% of the processor time at 16,384 on the
// 2,000,000-token bench): every 4,096 tokens it held two threads at 1.47-1.62x one, every 16,384
// at 1.56-1.66x, with the same HR@10 and coherence on `eval --copies 10/50 --threads 2`; every
// 65,536 was a little faster and a little worse on both (docs/performance.md, "Threads"). A small
// corpus merges more often, at least 16 times per thread and epoch: each thread's steps start from
// rows as old as its last merge, and when the private rows are most of the model, steps that old
// add up to overshoot (two threads on 4,000 tokens an epoch, merging every 2,000, mixed up two
// clusters of movies that one thread keeps apart).
constexpr std::uint64_t kMergeTokens = 16384;
constexpr std::uint64_t kMinMergeTokens = 256;
constexpr std::uint64_t kMergesPerEpoch = 16;

// A seed of its own for every (epoch, sequence): the draws do not depend on how training is
// split into steps or threads.
std::uint64_t sequenceSeed(std::uint64_t seed, int epoch, std::size_t sequence) {
    return seed * 0x9E3779B97F4A7C15ull ^ (static_cast<std::uint64_t>(epoch) << 40) ^ sequence;
}

// The next model's draws come from the seed xor this.
constexpr std::uint64_t kNextModelSalt = 0x6E657874ull << 20;

}  // namespace

void TrainOptions::validate() const {
    for (const OptionSpec& s : trainOptionTable()) {
        if (!s.get) continue;  // no field (minRating), or a choice (loss), which its enum keeps valid
        const double value = s.get(*this);
        if (!accepted(s, value)) throw std::invalid_argument(notAcceptedError(s, value));
    }
}

int autoEpochs(std::uint64_t tokensPerEpoch) {
    const double tokens = static_cast<double>(std::max<std::uint64_t>(tokensPerEpoch, 1));
    const double passes = std::max(std::min(static_cast<double>(kAutoEpochTokens) / tokens, static_cast<double>(kMaxAutoEpochs)),
                                   std::min(static_cast<double>(kSmallFileEpochTokens) / tokens, static_cast<double>(kMaxSmallFileEpochs)));
    return static_cast<int>(std::max(std::round(passes), static_cast<double>(kMinAutoEpochs)));
}

int nextModelNegative(const TrainOptions& options) { return std::min(options.negative, kNextModelNegative); }

int autoShareNegatives(std::size_t movies, int dim) {
    const double bytes = 2.0 * static_cast<double>(movies) * dim * sizeof(float);
    return bytes > static_cast<double>(kShareAboveBytes) ? kAutoShare : 1;
}

LossKind parseLossKind(const std::string& name) {
    if (name == "nce") return LossKind::Nce;
    if (name == "negative") return LossKind::Negative;
    if (name == "softmax") return LossKind::Softmax;
    throw std::invalid_argument(choiceError(trainOption("loss"), "loss", name));
}

const char* lossKindName(LossKind kind) {
    switch (kind) {
        case LossKind::Nce: return "nce";
        case LossKind::Softmax: return "softmax";
        case LossKind::Negative: break;
    }
    return "negative";
}

// What one thread writes while training. Aligned and padded to cache lines, so that two
// threads' workers never share one (false sharing would cost more than the training).
struct alignas(64) Trainer::Worker {
    // One model's rows as this thread reads and writes them: the shared matrices, but for run()'s
    // threads the most frequent rows are private copies (hot_rows.h); and its loss, whose draws of
    // negatives are shared only between targets of that model.
    struct Side {
        std::unique_ptr<Loss<float>> loss;
        NegativeSamplingLoss<float>* negative = nullptr;  // the same object, called without a virtual call
        SplitRows inputRows, outputRows;
        HotRows hotInput, hotOutput;

        void makeLoss(const Trainer& t, int negatives, const std::shared_ptr<const std::vector<float>>& nceOffsets) {
            if (t.options_.loss == LossKind::Softmax) {
                loss = std::make_unique<SoftmaxLoss<float>>();
                return;
            }
            auto n = std::make_unique<NegativeSamplingLoss<float>>(t.noise_, negatives, nceOffsets, t.options_.shareNegatives);
            negative = n.get();
            loss = std::move(n);
        }
        void useSharedRows(Matrix& input, Matrix& output) {
            inputRows = SplitRows::of(input);
            outputRows = SplitRows::of(output);
        }
        void usePrivateRows(Matrix& input, Matrix& output, std::size_t rows) {
            const auto dim = static_cast<std::size_t>(input.cols());
            hotInput = HotRows(rows, dim);
            hotOutput = HotRows(rows, dim);
            hotInput.pull(input.data());
            hotOutput.pull(output.data());
            inputRows = {hotInput.data(), input.data(), static_cast<int32_t>(rows), dim};
            outputRows = {hotOutput.data(), output.data(), static_cast<int32_t>(rows), dim};
        }
        void merge(Matrix& input, Matrix& output) {
            hotInput.merge(input.data());
            hotOutput.merge(output.data());
        }
    };

    std::vector<float> scratch;                        // hidden and grad, with a cache line either side
    float* hidden = nullptr;
    float* grad = nullptr;
    std::vector<int32_t> kept;      // the sequence after down-sampling
    PaddedBuffer<float*> context;   // the input rows of one token's context
    Rng rng;
    Rng nextRng;                    // the next model's draws: CBOW's are the same with or without it
    double lossSum = 0;
    std::uint64_t examples = 0;
    std::uint64_t pendingTokens = 0;  // trained but not yet added to tokensDone_
    Side cbow, next;                  // next: without a next model, no loss and no rows

    Worker(const Trainer& t) {
        const std::size_t line = 16, stride = (static_cast<std::size_t>(t.options_.dim) + line - 1) / line * line;
        scratch.assign(2 * stride + 2 * line, 0.0f);
        hidden = scratch.data() + line;
        grad = hidden + stride;
        context = PaddedBuffer<float*>(2 * static_cast<std::size_t>(t.options_.window));
        cbow.makeLoss(t, t.options_.negative, t.nceOffsets_);
        if (t.options_.nextModel > 0) next.makeLoss(t, nextModelNegative(t.options_), t.nextNceOffsets_);
    }

    void useSharedRows(Model& m) {
        cbow.useSharedRows(m.input, m.output);
        if (next.loss) next.useSharedRows(m.nextInput, m.nextOutput);
    }

    void usePrivateRows(Model& m, std::size_t rows) {
        cbow.usePrivateRows(m.input, m.output, rows);
        if (next.loss) next.usePrivateRows(m.nextInput, m.nextOutput, rows);
    }

    void merge(Model& m) {
        cbow.merge(m.input, m.output);
        if (next.loss) next.merge(m.nextInput, m.nextOutput);
    }
};

Trainer::Trainer(Corpus corpus, Vocabulary vocabulary, const TrainOptions& options)
    : corpus_(std::move(corpus)), vocabulary_(std::move(vocabulary)), options_(options) {
    options_.validate();
    if (options_.epochs == 0) options_.epochs = autoEpochs(corpus_.tokens.size());
    if (options_.shareNegatives == 0) options_.shareNegatives = autoShareNegatives(vocabulary_.size(), options_.dim);
    if (vocabulary_.size() < 2 || corpus_.sequenceCount() == 0)
        throw std::invalid_argument("nothing to train on: need at least two movies that appear together in one user's ratings");
    // Two (or four) matrices of movies x dim floats: refuse what cannot fit (WebAssembly has 4 GB
    // at most, and the page's data too) before trying to allocate it.
    const double modelBytes = (options_.nextModel > 0 ? 4.0 : 2.0) * static_cast<double>(vocabulary_.size()) * options_.dim * sizeof(float);
    if (modelBytes > kMaxModelBytes)
        throw std::invalid_argument(std::to_string(vocabulary_.size()) + " movies x " + std::to_string(options_.dim) +
                                    " dimensions need " + std::to_string(static_cast<long long>(modelBytes / (1 << 20))) +
                                    " MB for the model, over the " + std::to_string(kMaxModelBytes >> 20) +
                                    " MB limit: raise min-count or lower dim" +
                                    std::string(options_.nextModel > 0 ? ", or train no next model (next-model 0)" : ""));
    const auto rows = static_cast<Eigen::Index>(vocabulary_.size());
    // word2vec's initialisation: inputs uniform in [-0.5/dim, 0.5/dim), outputs zero.
    Rng rng(options_.seed);
    model_.input.resize(rows, options_.dim);
    for (Eigen::Index i = 0; i < model_.input.size(); ++i)
        model_.input.data()[i] = static_cast<float>((rng.uniform() - 0.5) / options_.dim);
    model_.output = Matrix::Zero(rows, options_.dim);
    if (options_.nextModel > 0) {
        // Initialised as CBOW's, from draws of its own (CBOW's are the same with or without it).
        Rng nextRng(options_.seed ^ kNextModelSalt);
        model_.nextInput.resize(rows, options_.dim);
        for (Eigen::Index i = 0; i < model_.nextInput.size(); ++i)
            model_.nextInput.data()[i] = static_cast<float>((nextRng.uniform() - 0.5) / options_.dim);
        model_.nextOutput = Matrix::Zero(rows, options_.dim);
    }
    if (options_.loss != LossKind::Softmax) noise_ = unigramTable(vocabulary_.counts(), options_.nsExponent);
    if (options_.loss == LossKind::Nce)
        nceOffsets_ = std::make_shared<const std::vector<float>>(
            nceOffsets(vocabulary_.counts(), options_.nsExponent, options_.negative));
    if (options_.loss == LossKind::Nce && options_.nextModel > 0)
        nextNceOffsets_ = std::make_shared<const std::vector<float>>(
            nceOffsets(vocabulary_.counts(), options_.nsExponent, nextModelNegative(options_)));
    if (options_.sample > 0) {
        // word2vec's keep probability: (sqrt(f / (s T)) + 1) (s T) / f.
        const double threshold = options_.sample * static_cast<double>(corpus_.tokens.size());
        keepProbability_.resize(vocabulary_.size());
        for (std::size_t i = 0; i < vocabulary_.size(); ++i) {
            const double f = static_cast<double>(vocabulary_.count(i));
            keepProbability_[i] = static_cast<float>(std::min(1.0, (std::sqrt(f / threshold) + 1) * threshold / f));
        }
    }
    epochLossSum_.assign(options_.epochs, 0.0);
    epochExamples_.assign(options_.epochs, 0);
    stepWorker_ = std::make_unique<Worker>(*this);
    stepWorker_->useSharedRows(model_);
}

float Trainer::learningRate(std::uint64_t tokensDone) const {
    const double total = static_cast<double>(tokensPerEpoch()) * options_.epochs;
    const double left = std::max(1e-4, 1.0 - static_cast<double>(tokensDone) / total);
    return static_cast<float>(options_.lr * left);
}

void Trainer::trainSequence(Worker& w, std::size_t sequence, int epoch) {
    const int32_t* begin = corpus_.tokens.data() + corpus_.offsets[sequence];
    const auto length = corpus_.offsets[sequence + 1] - corpus_.offsets[sequence];
    w.rng = Rng(sequenceSeed(options_.seed, epoch, sequence));
    if (w.cbow.negative) w.cbow.negative->newSequence();
    if (w.next.loss) {
        w.nextRng = Rng(sequenceSeed(options_.seed ^ kNextModelSalt, epoch, sequence));
        if (w.next.negative) w.next.negative->newSequence();
    }
    const int32_t* tokens = begin;
    std::size_t n = length;
    if (!keepProbability_.empty()) {
        w.kept.clear();
        for (std::size_t i = 0; i < length; ++i)
            if (keepProbability_[begin[i]] >= 1.0f || w.rng.uniform() < keepProbability_[begin[i]]) w.kept.push_back(begin[i]);
        tokens = w.kept.data();
        n = w.kept.size();
    }
    const float lr = learningRate(tokensDone_.load(std::memory_order_relaxed) + w.pendingTokens);
    const auto dim = static_cast<std::size_t>(options_.dim);
    for (std::size_t pos = 0; pos < n; ++pos) {
        // Random window shrinking, as word2vec: nearer movies weigh more on average.
        const auto reach = static_cast<std::size_t>(options_.window) - w.rng.below(options_.window);
        const std::size_t from = pos > reach ? pos - reach : 0;
        const std::size_t to = std::min(n, pos + reach + 1);
        const std::size_t count = to - from - 1;
        if (count == 0) continue;
        // The next target's output row and the movie entering the window: fetched while this one trains.
        if (pos + 1 < n) prefetchRow(w.cbow.outputRows(tokens[pos + 1]), dim * sizeof(float));
        if (pos + options_.window + 1 < n) prefetchRow(w.cbow.inputRows(tokens[pos + options_.window + 1]), dim * sizeof(float));
        float* hidden = w.hidden;
        float** context = w.context.data();
        std::size_t k = 0;
        for (std::size_t c = from; c < to; ++c)
            if (c != pos) context[k++] = w.cbow.inputRows(tokens[c]);
        // One update of the target from `hidden`, made from `rows`; returns the loss.
        // An output row moves by -lr g h, which moves its score o . h by -lr g |h|^2: as the input
        // vectors grow over many passes, one step would overshoot by many logits and the loss would
        // climb again (docs/quality.md, "Convergence"). Normalised as in NLMS, the step is
        // lr / (1 + lr |h|^2 / kMaxScoreStep), so no update moves a score by more than kMaxScoreStep
        // (|g| <= 1), and small steps are nearly untouched.
        // Each of `rows` moves by the whole -lr dLoss/dh, as in word2vec.c and gensim (cbow_mean=1),
        // although for CBOW h is their mean (the exact gradient is 1/count of it): a step size `count`
        // times larger for the inputs, which trains markedly faster on rating sequences
        // (docs/design.md, "The C++ core").
        // (`side`: CBOW's model or the next model; `output`: its output matrix, for the softmax.)
        const auto update = [&](float* const* rows, std::size_t rowCount, Worker::Side& side, Matrix& output, Rng& rng) {
            std::fill(w.grad, w.grad + dim, 0.0f);
            const float outputLr = lr / (1.0f + lr * dot(hidden, hidden, dim) / kMaxScoreStep);
            const float loss = side.negative ? side.negative->updateRows(hidden, tokens[pos], outputLr, w.grad, side.outputRows, rng)
                                             : side.loss->update(hidden, tokens[pos], outputLr, w.grad, output, rng);
            axpyRows(-lr, w.grad, rows, rowCount, dim);
            return loss;
        };
        // Pairs from the earlier side of the window (context[0, earlier)): one movie's input row
        // alone predicts the target. Their loss is not reported: the trace stays CBOW's.
        const std::size_t earlier = pos - from;
        for (int p = 0; p < options_.nextPairs && earlier > 0; ++p) {
            float* row = context[w.rng.below(static_cast<std::uint32_t>(earlier))];
            std::copy(row, row + dim, hidden);
            update(&row, 1, w.cbow, model_.output, w.rng);
        }
        scaledSumOfRows(context, count, 1.0f / static_cast<float>(count), hidden, dim);
        w.lossSum += update(context, count, w.cbow, model_.output, w.rng);
        ++w.examples;
        // The next model's pairs, from the same side of the same window, in its own rows.
        for (int p = 0; p < options_.nextModel && earlier > 0; ++p) {
            float* row = w.next.inputRows(tokens[from + w.nextRng.below(static_cast<std::uint32_t>(earlier))]);
            std::copy(row, row + dim, hidden);
            update(&row, 1, w.next, model_.nextOutput, w.nextRng);
        }
    }
    w.pendingTokens += length;
}

TrainProgress Trainer::step(std::uint64_t maxTokens) {
    const auto start = Clock::now();
    if (options_.threads > 1) {
        stop();  // threads left running by advance()
        const std::atomic<bool> never{false};
        trainThreads(std::max<std::uint64_t>(1, maxTokens / static_cast<std::uint64_t>(options_.threads)), never);
        collectEpochs(true);
        secondsTrained_ += std::chrono::duration<double>(Clock::now() - start).count();
        return progress();
    }
    std::uint64_t done = 0;
    Worker& w = *stepWorker_;
    while (epoch_ < options_.epochs && done < maxTokens) {
        w.lossSum = 0;
        w.examples = 0;
        trainSequence(w, nextSequence_, epoch_);
        epochLossSum_[epoch_] += w.lossSum;
        epochExamples_[epoch_] += w.examples;
        done += w.pendingTokens;
        tokensDone_.fetch_add(w.pendingTokens);
        w.pendingTokens = 0;
        if (++nextSequence_ == corpus_.sequenceCount()) finishEpochIfComplete();
    }
    secondsTrained_ += std::chrono::duration<double>(Clock::now() - start).count();
    return progress();
}

void Trainer::finishEpochIfComplete() {
    epochLosses_.push_back(epochExamples_[epoch_] ? epochLossSum_[epoch_] / epochExamples_[epoch_] : 0.0);
    ++epoch_;
    nextSequence_ = 0;
}

TrainProgress Trainer::run(const std::function<bool(const TrainProgress&)>& onProgress) {
    if (options_.threads == 1 && !onProgress) {
        while (!progress().done) step(UINT64_MAX);
        return progress();
    }
    if (options_.threads == 1) {
        // Steps of about a tenth of a second's work keep the callback lively.
        const std::uint64_t chunk = std::max<std::uint64_t>(10000, tokensPerEpoch() / 20);
        while (!progress().done)
            if (!onProgress(step(chunk))) return progress();
        onProgress(progress());
        return progress();
    }
    // Free-running threads, polled every 10 ms (so the end is seen and timed within 10 ms) and
    // reported about every 200 ms.
    startFree();
    auto reported = Clock::now();
    while (true) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        const TrainProgress p = pollFree();
        if (p.done) break;
        const auto now = Clock::now();
        if (onProgress && now - reported >= std::chrono::milliseconds(200)) {
            reported = now;
            if (!onProgress(p)) {
                stop();
                return progress();
            }
        }
    }
    if (onProgress) onProgress(progress());
    return progress();
}

// Threads share the matrices without locks, as word2vec's Hogwild, except the most frequent rows:
// each thread trains its own copies of those and merges them every mergeTokens tokens
// (hot_rows.h). The sequences of an epoch are cut into chunks of a few thousand tokens, which the
// threads take in turn from one counter over every epoch's chunks, as gensim's job queue: a
// thread that runs slower (its core shared with the page, or with another program) takes fewer,
// and no thread waits for another at an epoch's end or the last one's.
struct Trainer::Parallel {
    std::vector<std::size_t> chunks;  // chunk c of every epoch holds the sequences [chunks[c], chunks[c + 1])
    std::vector<std::unique_ptr<Worker>> workers;
    // Where each thread is: its chunk's epoch, its next sequence and the chunk's end (next == end:
    // it takes a new chunk), and the chunks it finished since its last merge.
    struct alignas(64) Place {
        int epoch = 0;
        std::size_t next = 0, end = 0;
        std::size_t unmergedChunks = 0;
    };
    std::vector<Place> places;
    std::vector<std::vector<double>> lossSums;  // [thread][epoch], not yet added to the trainer's
    std::vector<std::vector<std::uint64_t>> examples;
    std::unique_ptr<std::atomic<std::size_t>[]> mergedChunks;  // [epoch]: chunks trained and merged
    alignas(64) std::atomic<std::uint64_t> nextChunk{0};       // epoch * chunk count + chunk: the next one to take
    std::uint64_t mergeTokens = kMergeTokens;  // tokens a thread trains between its merges
    std::mutex merging;  // merges take turns: each reads and writes every shared hot row, which only merges touch
    std::size_t chunkCount() const { return chunks.size() - 1; }
};

Trainer::~Trainer() { stop(); }

struct Trainer::FreeRun {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    Clock::time_point start;
    double secondsBefore = 0;
};

// Every thread is started from this one (a thread started by another would wait, in
// WebAssembly, for this one to return to its event loop).
void Trainer::startFree() {
    if (free_ || progress().done) return;
    startThreads();
    free_ = std::make_unique<FreeRun>();
    free_->start = Clock::now();
    free_->secondsBefore = secondsTrained_;
    for (int t = 0; t < options_.threads; ++t)
        free_->threads.emplace_back([this, t] { trainShare(t, UINT64_MAX, free_->stop); });
}

// The epochs the threads have finished, the time, and the loss of the epoch in progress as of
// the threads' last merges; stops the threads once the last epoch is done.
TrainProgress Trainer::pollFree() {
    collectEpochs(false);
    secondsTrained_ = free_->secondsBefore + std::chrono::duration<double>(Clock::now() - free_->start).count();
    if (epoch_ >= options_.epochs) {
        stop();
        return progress();
    }
    TrainProgress p = progress();
    Parallel& par = *parallel_;
    double sum = epochLossSum_[epoch_];
    std::uint64_t examples = epochExamples_[epoch_];
    {
        std::lock_guard<std::mutex> lock(par.merging);  // merges add each thread's loss
        for (std::size_t t = 0; t < par.workers.size(); ++t) {
            sum += par.lossSums[t][epoch_];
            examples += par.examples[t][epoch_];
        }
    }
    if (examples) p.loss = sum / static_cast<double>(examples);
    return p;
}

void Trainer::stop() {
    if (!free_) return;
    free_->stop = true;
    for (auto& th : free_->threads) th.join();
    collectEpochs(true);
    secondsTrained_ = free_->secondsBefore + std::chrono::duration<double>(Clock::now() - free_->start).count();
    free_.reset();
}

TrainProgress Trainer::advance(std::uint64_t maxTokens) {
    if (options_.threads == 1) return step(maxTokens);
    startFree();
    if (!free_) return progress();
    const std::uint64_t until = tokensDone_.load(std::memory_order_relaxed) + maxTokens;
    while (true) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const TrainProgress p = pollFree();
        if (p.done || tokensDone_.load(std::memory_order_relaxed) >= until) return p;
    }
}

void Trainer::startThreads() {
    const int threads = options_.threads;
    if (!parallel_) {
        auto p = std::make_unique<Parallel>();
        p->mergeTokens = std::clamp<std::uint64_t>(tokensPerEpoch() / (threads * kMergesPerEpoch), kMinMergeTokens, kMergeTokens);
        // Chunks of whole sequences, each about a quarter of a merge's tokens (or one long sequence).
        const std::uint64_t chunkTokens = std::max<std::uint64_t>(1, p->mergeTokens / 4);
        p->chunks.push_back(0);
        for (std::size_t s = 0; s < corpus_.sequenceCount(); ++s)
            if (corpus_.offsets[s + 1] - corpus_.offsets[p->chunks.back()] >= chunkTokens || s + 1 == corpus_.sequenceCount())
                p->chunks.push_back(s + 1);
        // The full softmax writes every output row on every token: there is nothing to keep private.
        const std::size_t hot = options_.loss == LossKind::Softmax ? 0 : hotRowCount(vocabulary_.size(), options_.dim);
        for (int t = 0; t < threads; ++t) {
            p->workers.push_back(std::make_unique<Worker>(*this));
            p->workers.back()->usePrivateRows(model_, hot);
        }
        p->places.resize(threads);
        for (auto& place : p->places) place.epoch = epoch_;
        p->lossSums.assign(threads, std::vector<double>(options_.epochs, 0.0));
        p->examples.assign(threads, std::vector<std::uint64_t>(options_.epochs, 0));
        p->mergedChunks = std::make_unique<std::atomic<std::size_t>[]>(options_.epochs);
        for (int e = 0; e < options_.epochs; ++e) p->mergedChunks[e] = e < epoch_ ? p->chunkCount() : 0;
        p->nextChunk = static_cast<std::uint64_t>(epoch_) * p->chunkCount();
        parallel_ = std::move(p);
    }
}

void Trainer::trainThreads(std::uint64_t tokensPerThread, const std::atomic<bool>& stop) {
    startThreads();
    std::vector<std::thread> pool;
    for (int t = 1; t < options_.threads; ++t) pool.emplace_back([&, t] { trainShare(t, tokensPerThread, stop); });
    trainShare(0, tokensPerThread, stop);
    for (auto& th : pool) th.join();
}

// Thread t's part of trainThreads(): chunk after chunk, until it has trained `tokens` tokens,
// the last epoch's chunks are all taken, or stop (it then finishes its chunk at the next call).
void Trainer::trainShare(int t, std::uint64_t tokens, const std::atomic<bool>& stop) {
    Parallel& p = *parallel_;
    Worker& w = *p.workers[t];
    Parallel::Place& at = p.places[t];
    const std::uint64_t chunkCount = p.chunkCount();
    const std::uint64_t allChunks = chunkCount * static_cast<std::uint64_t>(options_.epochs);
    // Adds the private rows' change to the shared rows, and this thread's loss and finished
    // chunks so far to its epoch's.
    auto merge = [&] {
        std::lock_guard<std::mutex> lock(p.merging);
        w.merge(model_);
        tokensDone_.fetch_add(w.pendingTokens, std::memory_order_relaxed);
        w.pendingTokens = 0;
        if (at.epoch < options_.epochs) {
            p.lossSums[t][at.epoch] += w.lossSum;
            p.examples[t][at.epoch] += w.examples;
            p.mergedChunks[at.epoch].fetch_add(at.unmergedChunks, std::memory_order_release);
        }
        at.unmergedChunks = 0;
        w.lossSum = 0;
        w.examples = 0;
    };
    std::uint64_t done = 0;
    while (done < tokens && !stop.load(std::memory_order_relaxed)) {
        if (at.next == at.end) {
            const std::uint64_t k = p.nextChunk.fetch_add(1, std::memory_order_relaxed);
            if (k >= allChunks) break;
            const auto epoch = static_cast<int>(k / chunkCount);
            if (epoch != at.epoch) merge();  // each epoch's loss apart
            at.epoch = epoch;
            at.next = p.chunks[k % chunkCount];
            at.end = p.chunks[k % chunkCount + 1];
        }
        done += corpus_.offsets[at.next + 1] - corpus_.offsets[at.next];
        trainSequence(w, at.next++, at.epoch);
        if (at.next == at.end) ++at.unmergedChunks;
        if (w.pendingTokens >= p.mergeTokens) merge();
    }
    merge();
}

// Adds the epochs every thread has finished to the trainer's losses; `joined` (no thread is
// running) also adds what the threads have of the current epoch so far.
void Trainer::collectEpochs(bool joined) {
    if (!parallel_) return;
    Parallel& p = *parallel_;
    const int threads = static_cast<int>(p.workers.size());
    int complete = epoch_;
    while (complete < options_.epochs && p.mergedChunks[complete].load(std::memory_order_acquire) == p.chunkCount()) ++complete;
    auto fold = [&](int e) {
        for (int t = 0; t < threads; ++t) {
            epochLossSum_[e] += p.lossSums[t][e];
            epochExamples_[e] += p.examples[t][e];
            p.lossSums[t][e] = 0;
            p.examples[t][e] = 0;
        }
    };
    while (epoch_ < complete) {
        fold(epoch_);
        finishEpochIfComplete();
    }
    if (joined)
        for (int e = epoch_; e < options_.epochs; ++e) fold(e);
}

TrainProgress Trainer::progress() const {
    TrainProgress p;
    p.epochs = options_.epochs;
    p.done = epoch_ >= options_.epochs;
    p.epoch = std::min(epoch_ + 1, options_.epochs);
    p.tokensDone = tokensDone_.load();
    p.tokensTotal = tokensPerEpoch() * static_cast<std::uint64_t>(options_.epochs);
    p.seconds = secondsTrained_;
    p.tokensPerSecond = secondsTrained_ > 0 ? static_cast<double>(p.tokensDone) / secondsTrained_ : 0;
    p.epochLosses = epochLosses_;
    if (!p.done && epochExamples_[epoch_]) p.loss = epochLossSum_[epoch_] / epochExamples_[epoch_];
    else if (!epochLosses_.empty()) p.loss = epochLosses_.back();
    return p;
}

}  // namespace m2v
