# %%
words = ["가", "나"]
print("-".join(words))
