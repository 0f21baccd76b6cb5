/*
 * brand.c - the brand list and its matching
 *
 * The compiled-in list: the global brands phishing imitates most (the
 * anti-phishing council's monthly reports put Amazon, Apple, Microsoft,
 * card issuers and banks at the top; the same names lead the vendors'
 * quarterly brand-phishing rankings and public phishing feeds: big
 * retailers, carriers and postal services, national banks of the large
 * markets, crypto wallets), and the Japanese brands named in the
 * council's and JPCERT/CC's phishing URL reports (banks, card issuers,
 * brokers, carriers, delivery companies, e-commerce, utilities,
 * government services).  Each domain
 * listed is one the brand itself operates; domains where anyone can host
 * a page (cloud storage, site builders) are deliberately left out, so a
 * brand's name on them still counts as borrowed.  Tokens are what a
 * reader takes for the brand: Latin and Japanese forms; a short or
 * common word ("line", "visa", "meta") is not a token, since it would
 * name ordinary mail.
 *
 * Matching is a scan of every token over short strings (a display name,
 * a subject, a host), which at a few hundred tokens costs microseconds;
 * ownership of a domain is a hash probe in the look-alike set that holds
 * every brand domain with its brand as tag.
 */
#include <string.h>

#include "mail/brand.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/ioc.h"
#include "util/alloc.h"
#include "util/str.h"

struct brand_def {
	const char	*name;
	const char	*tokens;	/* '|'-separated */
	const char	*domains;	/* '|'-separated */
};

static const struct brand_def defaults[] = {
	/* global */
	{ "Amazon", "amazon|アマゾン",
	  "amazon.co.jp|amazon.jp|amazon.com|amazon.co.uk|amazon.de|"
	  "amazon.fr|amazon.it|amazon.es|amazon.ca|amazon.com.au|amazon.in|"
	  "amazon.com.br|amazon.com.mx|amazon.nl|amazon.se|amazon.pl|"
	  "amazon.sg|amazon.ae|amazon.sa|amazon.com.tr|amazon.eg|amazon.cn|"
	  "amazon.jobs|amazon.dev|amazonaws.com|amazonses.com|a2z.com|"
	  "amazonpay.com|amazontrust.com|media-amazon.com|"
	  "ssl-images-amazon.com|primevideo.com|audible.co.jp|audible.com|"
	  "aboutamazon.com|aboutamazon.jp|amazon-adsystem.com" },
	{ "Apple", "apple|apple id|icloud|itunes|app store|アップル",
	  "apple.com|icloud.com|me.com|mac.com|itunes.com|apple.co|"
	  "mzstatic.com|apple.news|icloud.com.cn|apple.co.jp" },
	{ "Microsoft", "microsoft|マイクロソフト|outlook|office365|office 365|"
	  "microsoft 365|onedrive|sharepoint|hotmail|xbox",
	  "microsoft.com|microsoftonline.com|live.com|outlook.com|office.com|"
	  "office365.com|office.net|sharepoint.com|onedrive.com|hotmail.com|"
	  "msn.com|windows.com|azure.com|skype.com|bing.com|xbox.com|live.jp|"
	  "outlook.jp|hotmail.co.jp|microsoft365.com|msauth.net|"
	  "msftauth.net|aka.ms|sfx.ms|microsoftstore.com|office.co.jp|"
	  "microsoft.co.jp|msecnd.net|windowsupdate.com|live.net" },
	{ "Google", "google|gmail|グーグル|youtube",
	  "google.com|google.co.jp|gmail.com|googlemail.com|youtube.com|"
	  "youtu.be|googleapis.com|gstatic.com|goo.gl|g.co|withgoogle.com|"
	  "google.org|android.com|chrome.com|googleusercontent.com|"
	  "google.de|google.co.uk|google.fr|googlesource.com|chromium.org|"
	  "googlegroups.com|google.dev|googleblog.com|blogger.com" },
	{ "PayPal", "paypal|ペイパル",
	  "paypal.com|paypal.me|paypalobjects.com|paypal-communication.com|"
	  "paypal.de|paypal.co.uk|paypal-community.com|paypal.jp" },
	{ "Netflix", "netflix|ネットフリックス",
	  "netflix.com|nflxext.com|nflximg.net|netflix.net|nflxso.net" },
	{ "Facebook",
	  "facebook|instagram|whatsapp|フェイスブック|インスタグラム",
	  "facebook.com|fb.com|facebookmail.com|instagram.com|whatsapp.com|"
	  "meta.com|messenger.com|fbcdn.net|whatsapp.net" },
	{ "LinkedIn", "linkedin", "linkedin.com|lnkd.in|licdn.com" },
	{ "DHL", "dhl", "dhl.com|dhl.co.jp|dhl.de|dhl.fr|dhl.co.uk|dhl.nl|"
	  "dhl.it|dhl.es|dpdhl.com|dhl-news.com" },
	{ "FedEx", "fedex|フェデックス", "fedex.com" },
	{ "UPS", "ups", "ups.com" },
	{ "USPS", "usps", "usps.com|usps.gov" },
	{ "DocuSign", "docusign|ドキュサイン", "docusign.com|docusign.net" },
	{ "Dropbox", "dropbox", "dropbox.com|dropboxmail.com" },
	{ "Adobe", "adobe|アドビ", "adobe.com|adobesign.com|echosign.com|"
	  "adobelogin.com|adobe.io" },
	{ "WeTransfer", "wetransfer", "wetransfer.com|we.tl" },
	{ "Norton", "norton|ノートン",
	  "norton.com|nortonlifelock.com|gen.com" },
	{ "McAfee", "mcafee|マカフィー", "mcafee.com" },
	{ "Coinbase", "coinbase", "coinbase.com" },
	{ "Binance", "binance", "binance.com" },
	{ "MetaMask", "metamask", "metamask.io" },
	{ "Chase", "chase bank|jpmorgan chase", "chase.com|jpmorganchase.com|"
	  "jpmorgan.com" },
	{ "Wells Fargo", "wells fargo|wellsfargo", "wellsfargo.com" },
	{ "Bank of America", "bank of america|bankofamerica",
	  "bankofamerica.com|bofa.com" },
	{ "American Express", "american express|americanexpress|amex|"
	  "アメックス|アメリカン・エキスプレス|アメリカンエキスプレス",
	  "americanexpress.com|americanexpress.co.jp|aexp.com|amex.co.jp" },
	{ "Mastercard", "mastercard|マスターカード",
	  "mastercard.com|mastercard.co.jp" },
	{ "eBay", "ebay", "ebay.com|ebay.co.uk|ebay.de|ebay.co.jp|ebay.fr" },
	{ "Steam", "steam community|steampowered|steamcommunity",
	  "steampowered.com|steamcommunity.com" },
	{ "Spotify", "spotify", "spotify.com" },
	{ "Zoom", "zoom meeting|zoom video", "zoom.us|zoom.com|zoomgov.com" },
	{ "Booking.com", "booking.com", "booking.com" },
	{ "Airbnb", "airbnb", "airbnb.com|airbnb.jp" },
	{ "Yahoo", "yahoo|ヤフー", "yahoo.co.jp|yahoo.com|yahoo.net|ymail.com|"
	  "yimg.jp|yimg.com|yahoo-net.jp|yahoo.jp|yahoo-help.jp|"
	  "yahoo.co.uk|yahoo.fr|yahoo.de|yahoo.es|yahoo.it|yahoo.ca" },
	{ "LINE", "lineヤフー|line株式会社|line pay", "line.me|linecorp.com|"
	  "lycorp.co.jp|line-apps.com|line.biz" },
	{ "Walmart", "walmart", "walmart.com|walmart.ca" },
	{ "Costco", "costco|コストコ", "costco.com|costco.co.jp|costco.ca" },
	{ "Home Depot", "home depot|homedepot", "homedepot.com" },
	{ "Lowe's", "lowe's|lowes", "lowes.com" },
	{ "Best Buy", "best buy|bestbuy|geek squad",
	  "bestbuy.com|geeksquad.com" },
	{ "Sam's Club", "sam's club|samsclub", "samsclub.com" },
	{ "Alibaba", "alibaba|aliexpress", "alibaba.com|aliexpress.com|"
	  "alibaba-inc.com" },
	{ "Disney+", "disney+|disneyplus|ディズニープラス", "disneyplus.com|"
	  "disney.com|disney.co.jp" },
	{ "Roblox", "roblox", "roblox.com" },
	{ "TikTok", "tiktok", "tiktok.com|tiktokv.com" },
	{ "X (Twitter)", "twitter", "twitter.com|x.com|twimg.com|t.co" },
	{ "Telegram", "telegram", "telegram.org|t.me" },
	{ "AOL", "aol", "aol.com|aol.jp" },
	{ "AT&T", "at&t", "att.com|att.net" },
	{ "Verizon", "verizon", "verizon.com|verizonwireless.com|verizon.net|"
	  "verizonmedia.com" },
	{ "T-Mobile", "t-mobile|tmobile", "t-mobile.com" },
	{ "Xfinity", "xfinity|comcast", "xfinity.com|comcast.net|comcast.com" },
	{ "IRS", "irs|internal revenue service", "irs.gov" },
	{ "HMRC", "hmrc", "hmrc.gov.uk|gov.uk" },
	{ "Royal Mail", "royal mail|royalmail",
	  "royalmail.com|royalmail.co.uk" },
	{ "Canada Post", "canada post|canadapost", "canadapost.ca|"
	  "canadapost-postescanada.ca" },
	{ "Australia Post", "australia post|auspost", "auspost.com.au" },
	{ "PostNL", "postnl", "postnl.nl|postnl.com" },
	{ "La Poste", "la poste|laposte|colissimo", "laposte.fr|laposte.net|"
	  "colissimo.fr" },
	{ "Poste Italiane", "poste italiane|posteitaliane", "poste.it|"
	  "posteitaliane.it" },
	{ "Correios", "correios", "correios.com.br" },
	{ "Swiss Post", "swiss post|die post", "post.ch" },
	{ "HSBC", "hsbc", "hsbc.com|hsbc.co.uk|hsbc.co.jp|hsbc.com.hk" },
	{ "Barclays", "barclays", "barclays.co.uk|barclays.com" },
	{ "Lloyds", "lloyds bank|lloydsbank", "lloydsbank.com|lloydsbank.co.uk|"
	  "lloydsbankinggroup.com" },
	{ "NatWest", "natwest", "natwest.com" },
	{ "Santander", "santander", "santander.com|santander.co.uk|"
	  "santander.com.br|santander.es|santander.de" },
	{ "BBVA", "bbva", "bbva.com|bbva.es|bbva.mx" },
	{ "ING", "ing bank|ing-diba", "ing.com|ing.nl|ing.de|ing.be" },
	{ "Rabobank", "rabobank", "rabobank.nl|rabobank.com" },
	{ "ABN AMRO", "abn amro|abnamro", "abnamro.nl|abnamro.com" },
	{ "Sparkasse", "sparkasse", "sparkasse.de" },
	{ "Deutsche Bank", "deutsche bank", "db.com|deutsche-bank.de" },
	{ "Commerzbank", "commerzbank", "commerzbank.de|commerzbank.com" },
	{ "Volksbank", "volksbank|raiffeisenbank", "volksbank.de|vr.de" },
	{ "Postbank", "postbank", "postbank.de" },
	{ "BNP Paribas", "bnp paribas|bnpparibas", "bnpparibas.com|"
	  "bnpparibas.net|bnpparibas.fr" },
	{ "Crédit Agricole", "credit agricole|crédit agricole",
	  "credit-agricole.fr|credit-agricole.com" },
	{ "Société Générale", "societe generale|société générale",
	  "societegenerale.fr|societegenerale.com" },
	{ "Citi", "citibank|citi bank",
	  "citi.com|citibank.com|citibank.co.jp" },
	{ "Capital One", "capital one|capitalone", "capitalone.com" },
	{ "Bradesco", "bradesco", "bradesco.com.br" },
	{ "Itaú", "itau|itaú", "itau.com.br" },
	{ "Caixa", "caixa", "caixa.gov.br|caixabank.es|caixabank.com" },
	{ "Banco do Brasil", "banco do brasil", "bb.com.br" },
	{ "Nubank", "nubank", "nubank.com.br" },
	{ "Trust Wallet", "trust wallet|trustwallet", "trustwallet.com" },
	{ "Ledger", "ledger live|ledger wallet|ledger support|ledger team",
	  "ledger.com" },
	{ "Blockchain.com", "blockchain.com", "blockchain.com" },
	{ "Cash App", "cash app|cashapp", "cash.app|squareup.com|square.com" },
	{ "Venmo", "venmo", "venmo.com" },
	{ "Zelle", "zelle", "zellepay.com" },
	{ "Mercado Pago", "mercado pago|mercadopago|mercado libre|"
	  "mercadolibre|mercado livre", "mercadopago.com|mercadopago.com.br|"
	  "mercadolibre.com|mercadolivre.com.br|mercadolibre.com.mx" },
	{ "Deutsche Bahn", "deutsche bahn", "bahn.de|deutschebahn.com" },
	{ "Kraken", "kraken", "kraken.com" },
	{ "Crypto.com", "crypto.com", "crypto.com" },
	{ "Avast", "avast", "avast.com" },
	{ "Webex", "webex", "webex.com|cisco.com" },
	{ "GoDaddy", "godaddy", "godaddy.com|secureserver.net" },
	{ "cPanel", "cpanel", "cpanel.net|cpanel.com" },
	{ "IONOS", "ionos|1&1", "ionos.com|ionos.de|1und1.de" },
	{ "HBO Max", "hbo max|hbomax", "hbomax.com|max.com" },
	{ "Expedia", "expedia", "expedia.com|expedia.co.jp" },
	{ "Uber", "uber eats|ubereats", "uber.com|ubereats.com" },
	{ "Samsung", "samsung|サムスン", "samsung.com" },
	{ "Sony", "sony|ソニー", "sony.co.jp|sony.jp|sony.com|sony.net|"
	  "playstation.com|sonyentertainmentnetwork.com" },
	{ "Nintendo", "nintendo|任天堂", "nintendo.co.jp|nintendo.com|"
	  "nintendo.net" },
	{ "ユニクロ", "ユニクロ|uniqlo", "uniqlo.com|fastretailing.com" },
	{ "ZOZOTOWN", "zozotown", "zozo.jp|zozo.com" },
	{ "セブン銀行", "セブン銀行", "sevenbank.co.jp" },
	{ "ビックカメラ", "ビックカメラ|biccamera", "biccamera.com|"
	  "biccamera.co.jp" },
	{ "ダイナースクラブ", "ダイナース|diners club", "diners.co.jp|"
	  "dinersclub.com" },
	{ "ジャックス", "ジャックス|jaccs", "jaccs.co.jp" },
	{ "エムアイカード", "エムアイカード", "micard.co.jp" },
	/* Japanese banks, cards and brokers */
	{ "三井住友", "三井住友|smbc|vpass", "smbc.co.jp|smbc-card.com|"
	  "vpass.ne.jp|smbctb.co.jp|smtb.jp|smfg.co.jp|smbcnikko.co.jp|"
	  "ms-ins.com|smbc-gp.co.jp|smbcgroup.com|smbc.jp" },
	{ "三菱UFJ", "三菱ufj|mufg|三菱東京|ニコス", "mufg.jp|mufg.co.jp|"
	  "mufgcard.com|dccard.co.jp|nicos.co.jp" },
	{ "みずほ", "みずほ|mizuho", "mizuhobank.co.jp|mizuho-fg.co.jp|"
	  "mizuho-sc.com|mizuho-tb.co.jp|mizuhobank.com|mizuho-fg.com" },
	{ "りそな", "りそな|resona", "resonabank.co.jp|resona-gr.co.jp|"
	  "saitamaresona.co.jp|kansaimiraibank.co.jp" },
	{ "ゆうちょ", "ゆうちょ|jp-bank|japan post bank|jp bank",
	  "japanpost.jp|jp-bank.japanpost.jp" },
	{ "日本郵便", "日本郵便|郵便局|japan post|japanpost",
	  "japanpost.jp|post.japanpost.jp" },
	{ "ヤマト運輸", "ヤマト運輸|クロネコ|kuronekoyamato|yamato transport",
	  "kuronekoyamato.co.jp|yamato-hd.co.jp" },
	{ "佐川急便", "佐川急便|sagawa", "sagawa-exp.co.jp|sg-hldgs.co.jp" },
	{ "楽天", "楽天|rakuten", "rakuten.co.jp|rakuten.com|rakuten.jp|"
	  "rakuten-card.co.jp|rakuten-bank.co.jp|rakuten-sec.co.jp|"
	  "rakuten.ne.jp|rakuten-edy.co.jp|r10s.jp|rakuten.net" },
	{ "PayPay", "paypay|ペイペイ", "paypay.ne.jp|paypay-bank.co.jp|"
	  "paypay-card.co.jp|paypay.co.jp" },
	{ "JCB", "jcb|myjcb", "jcb.co.jp|jcb.jp|jcb-global.com|jcb.com" },
	{ "JR東日本", "えきねっと|eki-net|jr東日本|ビューカード|viewcard",
	  "eki-net.com|jreast.co.jp|viewsnet.jp|jre-pay.com" },
	{ "ETC", "etc利用照会|etc 利用照会|etcマイレージ|etc-meisai",
	  "etc-meisai.jp|smile-etc.jp|go-etc.jp" },
	{ "イオン", "イオン|aeon", "aeon.co.jp|aeon.com|aeonbank.co.jp|"
	  "aeon.info|aeoncard.co.jp" },
	{ "セゾン", "セゾン|saison", "saisoncard.co.jp|credit-saison.co.jp|"
	  "saison.co.jp" },
	{ "オリコ", "オリコ|orico", "orico.co.jp" },
	{ "エポス", "エポスカード|eposcard", "eposcard.co.jp|0101.co.jp" },
	{ "ポケットカード", "ポケットカード|pocketcard", "pocketcard.co.jp" },
	{ "ライフカード", "ライフカード|lifecard", "lifecard.co.jp" },
	{ "マネックス証券", "マネックス|monex", "monex.co.jp|monex.com" },
	{ "SBI", "sbi証券|sbisec|住信sbi", "sbisec.co.jp|sbigroup.co.jp|"
	  "netbk.co.jp|sbishinseibank.co.jp" },
	{ "野村證券", "野村證券|野村証券|nomura", "nomura.co.jp|nomura.com" },
	{ "大和証券", "大和証券", "daiwa.jp|daiwa.co.jp" },
	{ "auカブコム", "auカブコム|kabu.com", "kabu.com|kabu.co.jp" },
	{ "松井証券", "松井証券", "matsui.co.jp" },
	{ "JAバンク", "jaバンク|jabank", "jabank.jp|jabank.org|ja-group.jp" },
	{ "ソニー銀行", "ソニー銀行|sonybank", "sonybank.net" },
	/* carriers and providers */
	{ "NTTドコモ", "docomo|ドコモ|d払い", "docomo.ne.jp|nttdocomo.co.jp|"
	  "docomo.jp|nttdocomo.com" },
	{ "KDDI/au", "kddi|au pay|auじぶん銀行|じぶん銀行", "kddi.com|au.com|"
	  "auone.jp|jibunbank.co.jp|auone-net.jp" },
	{ "ソフトバンク", "softbank|ソフトバンク", "softbank.jp|softbank.ne.jp|"
	  "softbank.co.jp|sbmobile.jp" },
	{ "ぷらら", "ぷらら|plala", "plala.or.jp|plala.jp" },
	{ "OCN", "ocn", "ocn.ne.jp|ntt.com|ocn.jp" },
	{ "BIGLOBE", "biglobe|ビッグローブ", "biglobe.ne.jp|biglobe.co.jp" },
	{ "@nifty", "@nifty|niftyid", "nifty.com|nifty.ne.jp" },
	{ "BBIQ", "bbiq", "bbiq.jp|qtnet.co.jp" },
	/* commerce, transport, utilities */
	{ "メルカリ", "メルカリ|mercari|メルペイ", "mercari.com|mercari.jp|"
	  "merpay.com|mercari-shops.com" },
	{ "ヨドバシ", "ヨドバシ|yodobashi", "yodobashi.com|yodobashi.co.jp" },
	{ "ANA", "全日空|anaマイレージ|ana mileage", "ana.co.jp|ana.com" },
	{ "JAL", "日本航空|jalマイレージ|jal mileage", "jal.co.jp|jal.com" },
	{ "東京電力", "東京電力|tepco", "tepco.co.jp|tepco-ep.co.jp" },
	{ "関西電力", "関西電力|kepco", "kepco.co.jp" },
	{ "東京ガス", "東京ガス", "tokyo-gas.co.jp|tokyo-gas.jp" },
	{ "NHK", "nhk", "nhk.or.jp|nhk.jp|nhk-ondemand.jp" },
	/* government services */
	{ "国税庁", "国税庁|e-tax", "nta.go.jp" },
	{ "日本年金機構", "日本年金機構|ねんきんネット", "nenkin.go.jp" },
	{ "マイナポータル", "マイナポータル|デジタル庁",
	  "myna.go.jp|digital.go.jp" },
};

struct yj_brands {
	struct yj_arena		*arena;
	struct yj_brand		**v;
	const char		**keys;		/* folded names */
	size_t			 nr;
	size_t			 alloc;
	struct yj_lookalike	*domains;
};

/* fold - NFKC_Casefold copy in the set's arena */
static const char *
fold(struct yj_brands *b, const char *s)
{
	return yj_nfkc_casefold(b->arena, s, strlen(s));
}

/* find - the brand of that (folded) name, or NULL */
static struct yj_brand *
find(struct yj_brands *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		if (strcmp(b->keys[i], name) == 0)
			return b->v[i];
	return NULL;
}

/* push - append a string to an arena array */
static void
push(struct yj_arena *a, const char ***v, size_t *n, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	*v = yj_arena_grow(a, *v, *n, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
}

/* yj_brands_add - add or extend a brand */
void
yj_brands_add(struct yj_brands *b, const char *name,
    const char *const *tokens, size_t ntokens, const char *const *domains,
    size_t ndomains)
{
	struct yj_brand *br;
	const char *d, *key;
	size_t i;

	if (name == NULL || *name == '\0')
		return;
	key = fold(b, name);
	br = find(b, key);
	if (br == NULL) {
		br = yj_arena_alloc(b->arena, sizeof(*br));
		br->name = yj_arena_strdup(b->arena, name);
		if (b->nr == b->alloc) {
			b->alloc = b->alloc ? b->alloc * 2 : 64;
			b->v = yj_xreallocarray(b->v, b->alloc, sizeof(*b->v));
			b->keys = yj_xreallocarray(b->keys, b->alloc,
			    sizeof(*b->keys));
		}
		b->keys[b->nr] = key;
		b->v[b->nr++] = br;
	}
	for (i = 0; i < ntokens; i++)
		if (tokens[i] != NULL && *tokens[i] != '\0')
			push(b->arena, &br->tokens, &br->ntokens,
			    fold(b, tokens[i]));
	for (i = 0; i < ndomains; i++) {
		d = domains[i] ? yj_ioc_normalize(b->arena, YJ_IOC_DOMAIN,
		    domains[i]) : NULL;
		if (d == NULL)
			continue;
		d = yj_domain_registrable(b->arena, d);
		push(b->arena, &br->domains, &br->ndomains, d);
		yj_lookalike_add(b->domains, d, br);
	}
}

/* split - '|'-separated list into an arena array */
static size_t
split(struct yj_arena *a, const char *s, const char ***out)
{
	const char *p = s, *e;
	size_t n = 0;

	*out = NULL;
	while (*p != '\0') {
		e = strchr(p, '|');
		if (e == NULL)
			e = p + strlen(p);
		*out = yj_arena_grow(a, *out, n, n + 1, sizeof(**out));
		(*out)[n++] = yj_arena_memdup(a, p, (size_t)(e - p));
		p = *e == '|' ? e + 1 : e;
	}
	return n;
}

/* yj_brands_new - empty, or the compiled-in list */
struct yj_brands *
yj_brands_new(bool with_defaults)
{
	struct yj_brands *b = yj_xcalloc(1, sizeof(*b));
	const char **tok, **dom;
	size_t i, nt, nd;

	b->arena = yj_arena_new();
	b->domains = yj_lookalike_new();
	/* brand domains meet every link of every message: typos only
	 * for names of six letters and more ("live.com" is one letter
	 * from many real domains) */
	yj_lookalike_set_typo(b->domains, 6, 9);
	for (i = 0; with_defaults && i < sizeof(defaults) /
	    sizeof(defaults[0]); i++) {
		nt = split(b->arena, defaults[i].tokens, &tok);
		nd = split(b->arena, defaults[i].domains, &dom);
		yj_brands_add(b, defaults[i].name, tok, nt, dom, nd);
	}
	return b;
}

/* yj_brands_free - release the set */
void
yj_brands_free(struct yj_brands *b)
{
	if (b == NULL)
		return;
	yj_lookalike_free(b->domains);
	yj_free(b->v);
	yj_free(b->keys);
	yj_arena_free(b->arena);
	yj_free(b);
}

/* yj_brands_count - brands held */
size_t
yj_brands_count(const struct yj_brands *b)
{
	return b != NULL ? b->nr : 0;
}

/* yj_brands_at - brand i */
const struct yj_brand *
yj_brands_at(const struct yj_brands *b, size_t i)
{
	return b != NULL && i < b->nr ? b->v[i] : NULL;
}

/*
 * Domains where a brand gives its customers names of their own: a
 * tenant's mail comes from tenant.onmicrosoft.com.  Such a name is
 * neither the brand's own mail nor an imitation of it.
 */
static const char *const platforms[] = {
	"onmicrosoft.com", "mail.onmicrosoft.com", NULL,
};

/* yj_brands_platform - domain is a tenant name on a brand's platform */
bool
yj_brands_platform(struct yj_arena *a, const char *domain)
{
	const char *r;
	size_t i;

	if (domain == NULL)
		return false;
	r = yj_domain_registrable(a, domain);
	for (i = 0; platforms[i] != NULL; i++)
		if (strcmp(r, platforms[i]) == 0)
			return true;
	return false;
}

/* yj_brands_lookalike - the brand domains as references */
const struct yj_lookalike *
yj_brands_lookalike(const struct yj_brands *b)
{
	return b != NULL ? b->domains : NULL;
}

/* yj_brands_owner - brand of a domain */
const struct yj_brand *
yj_brands_owner(const struct yj_brands *b, struct yj_arena *a,
    const char *domain)
{
	struct yj_lookalike_match m;

	if (b == NULL || domain == NULL)
		return NULL;
	(void)yj_lookalike_check(b->domains, a, domain, &m);
	return m.how == YJ_LA_SAME ? m.tag : NULL;
}

/* yj_brand_owns - domain is the brand's */
bool
yj_brand_owns(const struct yj_brand *br, struct yj_arena *a,
    const char *domain)
{
	const char *r;
	size_t i;

	if (br == NULL || domain == NULL || *domain == '\0')
		return false;
	r = yj_domain_registrable(a, domain);
	for (i = 0; i < br->ndomains; i++)
		if (strcmp(br->domains[i], r) == 0)
			return true;
	return false;
}

/* -------- text -------- */

/* is_alnum - ASCII letter or digit */
static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* is_latin - the token is ASCII */
static bool
is_latin(const char *t)
{
	for (; *t != '\0'; t++)
		if ((unsigned char)*t >= 0x80)
			return false;
	return true;
}

/* katakana_before - the character ending just before p is katakana */
static bool
katakana_before(const char *start, const char *p)
{
	const char *q = p;
	long cp;

	if (p == start)
		return false;
	while (q > start && ((unsigned char)q[-1] & 0xc0) == 0x80)
		q--;
	if (q > start)
		q--;
	cp = yj_utf8_decode(&q, p);
	return (cp >= 0x30a1 && cp <= 0x30fa) || cp == 0x30fc ||
	    (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0xff66 && cp <= 0xff9d);
}

/* starts_katakana - the token's first character is katakana */
static bool
starts_katakana(const char *t)
{
	const char *p = t;
	long cp = yj_utf8_decode(&p, t + strlen(t));

	return (cp >= 0x30a1 && cp <= 0x30fa) || cp == 0x30fc;
}

/* token_in_text - token found in text with its boundary rule */
static bool
token_in_text(const char *text, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = text;
	bool latin = is_latin(tok), kata = !latin && starts_katakana(tok);

	while ((p = strstr(p, tok)) != NULL) {
		if (latin) {
			if ((p == text || !is_alnum((unsigned char)p[-1])) &&
			    !is_alnum((unsigned char)p[n]))
				return true;
		} else if (!kata || !katakana_before(text, p))
			return true;
		p++;
	}
	return false;
}

/* yj_brands_in_text - brands named in text */
size_t
yj_brands_in_text(const struct yj_brands *b, const char *text,
    struct yj_brand_hit *hits, size_t max)
{
	size_t i, k, n = 0;

	if (b == NULL || text == NULL || *text == '\0')
		return 0;
	for (i = 0; i < b->nr && n < max; i++)
		for (k = 0; k < b->v[i]->ntokens; k++)
			if (token_in_text(text, b->v[i]->tokens[k])) {
				hits[n].brand = b->v[i];
				hits[n++].token = b->v[i]->tokens[k];
				break;
			}
	return n;
}

/* -------- hosts -------- */

/* squeeze - token without spaces, into buf; false when it does not fit */
static bool
squeeze(const char *tok, char *buf, size_t bufsz)
{
	size_t k = 0;

	for (; *tok != '\0'; tok++) {
		if (*tok == ' ')
			continue;
		if (k + 1 >= bufsz)
			return false;
		buf[k++] = *tok;
	}
	buf[k] = '\0';
	return k > 0;
}

/* token_in_host - a label, a hyphen part, or (long tokens) inside a label */
static bool
token_in_host(const char *host, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = host;
	char before, after;

	while ((p = strstr(p, tok)) != NULL) {
		before = p == host ? '.' : p[-1];
		after = p[n] == '\0' ? '.' : p[n];
		if ((before == '.' || before == '-') &&
		    (after == '.' || after == '-'))
			return true;
		if (n >= 6 && strchr(p, '.') != NULL)
			return true;	/* inside a label, not the TLD */
		p++;
	}
	return false;
}

/* yj_brands_in_host - brands named in a host's labels */
size_t
yj_brands_in_host(const struct yj_brands *b, const char *host,
    struct yj_brand_hit *hits, size_t max)
{
	char tok[128];
	size_t i, k, n = 0;

	if (b == NULL || host == NULL || *host == '\0')
		return 0;
	for (i = 0; i < b->nr && n < max; i++)
		for (k = 0; k < b->v[i]->ntokens; k++) {
			if (!is_latin(b->v[i]->tokens[k]) ||
			    !squeeze(b->v[i]->tokens[k], tok, sizeof(tok)))
				continue;
			if (token_in_host(host, tok)) {
				hits[n].brand = b->v[i];
				hits[n++].token = b->v[i]->tokens[k];
				break;
			}
		}
	return n;
}
