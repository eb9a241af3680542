import Foundation

/// The validate stage with each file's own result remembered between
/// builds: a file whose key (its bytes, and for a plan the attachment
/// list) is in the cache is not checked again. The rules that look across
/// files run on every build, in `SiteValidator`, which never knows. A
/// file left on disk by the load stage is read only when it is checked:
/// a remembered result needs only its hash.
struct ValidationMemo {
    let cache: ValidationCache
    /// Where this build's results go for the next one; nil for `check`.
    let keep: ValidationCache.Writer?

    func validate(_ raw: RawSite) -> (Site?, [Diagnostic]) {
        let filesHash = ValidationCache.filesHash(raw.files)
        return SiteValidator.validate(raw, plan: { file, files in
            remembered(file, key: ValidationCache.planKey(file, files: filesHash),
                       decode: { $0.planFile(in: file) }, encode: { $0.planFile($1) }) {
                SiteValidator.checkPlan(file, files: files)
            }
        }, indicatorFile: { file in
            remembered(file, key: ValidationCache.indicatorKey(file),
                       decode: { $0.indicatorFile() }, encode: { $0.indicatorFile($1) }) {
                SiteValidator.checkIndicatorFile(file)
            }
        })
    }

    /// A file's result from the cache when its key is there, else from
    /// `check`; either way it goes to `keep` for the next build. A file
    /// without a hash (one that cannot be read, or `check`'s only listed)
    /// has no key: it is checked, and nothing is kept.
    private func remembered<R>(_ file: SourceFile, key: ContentHash,
                               decode: (inout ByteReader) -> R?, encode: (inout ByteWriter, R) -> Void,
                               check: () -> R) -> R {
        guard file.isHashed else { return check() }
        if var r = cache.payload(file.path, key: key), let result = decode(&r) {
            keep?.add(file.path, key: key, payload: r.bytes[r.range], fresh: false)
            return result
        }
        let result = check()
        if let keep {
            var w = ByteWriter()
            encode(&w, result)
            keep.add(file.path, key: key, payload: w.bytes, fresh: true)
        }
        return result
    }
}
