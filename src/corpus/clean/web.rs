//! Web furniture: page controls, navigation, page metadata and site footers.

use std::sync::OnceLock;

use regex::Regex;

use super::{char_count, re};

pub(super) fn web_meta() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"发布时间|发布日期|发稿时间|更新时间|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|点击率|访问量|访问次数|【打印】|【关闭】",
    )
}

pub(super) fn web_prefix() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇|当前位置|您当前的位置|您现在的位置|你现在的位置|您的位置|扫一扫|手机扫一扫|微信扫一扫|扫描二维码|用手机扫描|手机扫描|主办单位|承办单位|协办单位|技术支持|运维单位|运维保障|网站标识码|网站管理|网站维护|备案号|版权所有|版权声明|免责声明|相关阅读|相关新闻|相关链接|延伸阅读|推荐阅读|热点推荐|热门推荐)",
    )
}

pub(super) fn web_anywhere() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"(?i)ICP备|公网安备|版权所有|copyright|©")
}

/// Page controls that make up a line of web furniture (`下载 打印 全屏 收藏`).
const WEB_TOKENS: [&str; 51] = [
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭窗口",
    "关闭本页",
    "返回顶部",
    "加入收藏",
    "我要纠错",
    "复制链接",
    "党政机关",
    "网站地图",
    "页面纠错",
    "版权声明",
    "关于我们",
    "联系我们",
    "网站声明",
    "隐私声明",
    "使用帮助",
    "长者模式",
    "新浪微博",
    "腾讯微博",
    "QQ空间",
    "分享到",
    "扫一扫",
    "朋友圈",
    "无障碍",
    "English",
    "字号",
    "字体",
    "下载",
    "打印",
    "全屏",
    "收藏",
    "关闭",
    "分享",
    "纠错",
    "保存",
    "默认",
    "微信",
    "微博",
    "放大",
    "缩小",
    "返回",
    "顶部",
    "首页",
    "繁体",
    "简体",
    "QQ",
    "大",
    "中",
    "小",
];

/// A line made only of page controls and separators, with at least one control of two or more
/// characters.
pub(super) fn only_web_tokens(line: &str) -> bool {
    if char_count(line) > 80 {
        return false;
    }
    // Every control starts with one of these characters; most lines fail here at once.
    const FIRST: &str =
        "打关返加我复党网页版联隐使长新腾QQ分扫朋无E字下全收纠保默微放缩顶首繁简大中小";
    let mut rest = line;
    let mut long_token = false;
    while let Some(c) = rest.chars().next() {
        if !FIRST.contains(c) && !c.is_whitespace() && !"|【】[]()（）:：/·-—、,，>»<«".contains(c)
        {
            return false;
        }
        if c.is_whitespace() || "|【】[]()（）:：/·-—、,，>»<«".contains(c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(tok) = WEB_TOKENS.iter().find(|t| rest.starts_with(**t)) else {
            return false;
        };
        long_token |= tok.chars().count() >= 2;
        rest = &rest[tok.len()..];
    }
    long_token
}

/// Pipe-separated navigation: `网站地图 | 页面纠错 | 版权声明`.
pub(super) fn pipe_navigation(line: &str) -> bool {
    line.matches('|').count() >= 2
        && line.split('|').all(|seg| char_count(seg.trim()) <= 12)
        && !line.contains('。')
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::tests::{check, cleaned, on};
    use crate::corpus::clean::{CleanConfig, CleanRule};

    #[test]
    fn web_furniture_lines() {
        let raw = "下载 打印 全屏 收藏\n【打印本页】【关闭窗口】\n分享到：微信 微博 QQ空间\n当前位置：首页 > 政务公开 > 规划计划\n【字号 大 中 小】\n来源:市政府 发布时间:2024-01-05\n关于印发方案的通知\n各单位要认真落实。\n上一篇：关于开展检查的通知\n扫一扫在手机打开当前页\n打印关闭分享到：\n网站地图 | 页面纠错 | 版权声明 | 关于我们\n备案号：湘ICP备05002141号\n浏览次数：1234";
        let c = cleaned(raw);
        assert_eq!(c.text, "关于印发方案的通知\n各单位要认真落实。");
        assert!(c.stats.get(CleanRule::WebFurniture) > 60);
        assert_eq!(c.stats.get(CleanRule::NewspaperFurniture), 0);
        let off = CleanConfig {
            web_furniture: false,
            ..on()
        };
        let c = check(raw, &off);
        assert!(c.text.contains("下载 打印 全屏 收藏"));
        assert!(c.text.contains("上一篇"));
        assert_eq!(c.stats.get(CleanRule::WebFurniture), 0);
    }
}
